#include "client_common.h"

#include <algorithm>
#include <cctype>

#include "rdkafka_handles.h"

namespace loadgen {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string configError(const std::string& key, rd_kafka_conf_res_t result, const char* errstr) {
  // librdkafka's message may quote the value; a secret's value is never shown, so neither is its message.
  if (isSecretProperty(key)) {
    return "librdkafka property \"" + key + "\": " +
           (result == RD_KAFKA_CONF_UNKNOWN ? "no such configuration property" : "invalid value (not shown: the property holds a secret)");
  }
  return "librdkafka property \"" + key + "\": " + errstr;
}

}  // namespace

bool isSecretProperty(const std::string& key) {
  // src/config/secrets.ts's SECRET, and every sasl.oauthbearer.* property.
  const std::string k = lower(key);
  const auto has = [&k](const char* part) { return k.find(part) != std::string::npos; };
  const bool keyFile = k.size() >= 4 && k.compare(k.size() - 4, 4, ".key") == 0;
  return has("password") || has("secret") || has("token") || keyFile || has("key.pem") || has("oauthbearer") || has("private");
}

bool isSecurityFailure(const std::string& message) {
  const std::string text = lower(message);
  return text.find("authenticat") != std::string::npos || text.find("ssl handshake failed") != std::string::npos ||
         text.find("certificate verify failed") != std::string::npos;
}

bool applyConfig(rd_kafka_conf_t* conf, const Config& config) {
  char errstr[512];
  bool logsToQueue = true;
  for (const auto& [key, value] : config) {
    // With `debug` set (or log.queue chosen by the caller) librdkafka's log lines go where librdkafka sends
    // them (stderr); otherwise they wait on a queue the client serves, and are kept only when they say why
    // the cluster refused the client.
    if (key == "debug" || key == "log.queue") logsToQueue = false;
    const rd_kafka_conf_res_t result = rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr);
    if (result != RD_KAFKA_CONF_OK) throw std::invalid_argument(configError(key, result, errstr));
  }
  if (logsToQueue) forceConfig(conf, "log.queue", "true");
  return logsToQueue;
}

void forceConfig(rd_kafka_conf_t* conf, const char* key, const std::string& value) {
  char errstr[512];
  if (rd_kafka_conf_set(conf, key, value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    throw std::logic_error(std::string(key) + ": " + errstr);
  }
}

std::string confValue(const rd_kafka_conf_t* conf, const char* key) {
  char value[512];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, key, value, &size) != RD_KAFKA_CONF_OK) return "";
  return std::string(value);
}

std::vector<int32_t> partitionCounts(rd_kafka_t* rk, const std::vector<std::string>& topics, int timeoutMs) {
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &raw, std::max(timeoutMs, 0));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError(err, std::string("metadata: ") + rd_kafka_err2str(err));
  const MetadataPtr metadata(raw);
  std::vector<int32_t> counts(topics.size(), 0);
  for (size_t t = 0; t < topics.size(); t++) {
    for (int i = 0; i < metadata->topic_cnt; i++) {
      const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
      if (topic.topic != nullptr && topics[t] == topic.topic) {
        counts[t] = topic.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ? 0 : topic.partition_cnt;
        break;
      }
    }
  }
  return counts;
}

}  // namespace loadgen
