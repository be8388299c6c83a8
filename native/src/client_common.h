// What the producer and the consumer share: librdkafka errors as C++ exceptions, applying a configuration
// (a bad key names itself, a secret's value is never shown), the reason a cluster refused the client, and
// partition counts from metadata.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace loadgen {

/** A librdkafka error: its code travels to JavaScript as the Error's `code`. */
class KafkaError : public std::runtime_error {
 public:
  KafkaError(rd_kafka_resp_err_t code, const std::string& message) : std::runtime_error(message), code_(code) {}
  rd_kafka_resp_err_t code() const noexcept { return code_; }

 private:
  rd_kafka_resp_err_t code_;
};

using Config = std::vector<std::pair<std::string, std::string>>;

/** True for property names whose values must never be shown (passwords, secrets, tokens, keys). */
bool isSecretProperty(const std::string& key);

/** What src/kafka/connect.ts calls a security failure: the reason a cluster refused the client. */
bool isSecurityFailure(const std::string& message);

/**
 * rd_kafka_conf_set for each property, in order; a refused one throws std::invalid_argument naming the key
 * (never a secret's value). Returns true when librdkafka's log lines should go to a queue the client serves
 * (`log.queue`), false when the caller chose `debug` or `log.queue` itself (they then go to stderr).
 */
bool applyConfig(rd_kafka_conf_t* conf, const Config& config);

/** rd_kafka_conf_set for a property the client depends on (a failure is a bug: std::logic_error). */
void forceConfig(rd_kafka_conf_t* conf, const char* key, const std::string& value);
/** A property's value as the configuration holds it now ("" when it cannot be read). */
std::string confValue(const rd_kafka_conf_t* conf, const char* key);

/**
 * Partition counts of `topics`, in order (0: the cluster lacks the topic), from metadata of all topics
 * (asking for named topics would let a cluster with auto.create.topics.enable create a missing one).
 * Throws KafkaError when the cluster does not answer within timeoutMs.
 */
std::vector<int32_t> partitionCounts(rd_kafka_t* rk, const std::vector<std::string>& topics, int timeoutMs);

}  // namespace loadgen
