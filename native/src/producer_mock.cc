// The mock cluster that `test.mock.num.brokers` starts inside a producer's client (`loadgen --embedded`, and
// the tests): its address, its topics, and what to do when it has ended by itself.
//
// librdkafka's mock cluster runs one thread of its own. When its poll() fails, the thread logs "Mock cluster
// failed to poll N fds" (LOG_CRIT, facility MOCK), frees the cluster and ends, while the client still holds
// a pointer to it; rd_kafka_destroy() then hands a TERMINATE op to the freed cluster's queue, and either
// blocks for good on its mutex or aborts in pthread_mutex_lock (librdkafka 2.12.0, rdkafka_mock.c). Seen
// here with the process's open-files limit lowered under a running cluster, and once under repeated SIGSTOP
// and SIGCONT of every loadgen process: the run ended, wrote its results, and then never exited. Such a client
// is abandoned instead of destroyed: its threads end with the process.
#include "producer_core.h"
#include <librdkafka/rdkafka_mock.h>
#include <cstring>

namespace loadgen {

namespace {
constexpr const char* kMockFacility = "MOCK";
constexpr const char* kPollFailure = "Mock cluster failed to poll";
}  // namespace

const char* mockClusterEnd(const char* facility, const char* text) noexcept {
  // The line may start with the thread's name ("[thrd:mock]: ", log.thread.name): what follows it is kept.
  if (facility == nullptr || text == nullptr || std::strcmp(facility, kMockFacility) != 0) return nullptr;
  return std::strstr(text, kPollFailure);
}

std::optional<std::string> ProducerCore::mockBootstraps() const {
  requireOpen();
  rd_kafka_mock_cluster_t* cluster = rd_kafka_handle_mock_cluster(rk_.get());
  if (cluster == nullptr) return std::nullopt;
  return std::string(rd_kafka_mock_cluster_bootstraps(cluster));
}

void ProducerCore::mockCreateTopic(const std::string& topic, int partitions, int replicationFactor) {
  requireOpen();
  rd_kafka_mock_cluster_t* cluster = rd_kafka_handle_mock_cluster(rk_.get());
  if (cluster == nullptr) throw std::logic_error("no mock cluster in this producer (set test.mock.num.brokers)");
  const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, topic.c_str(), partitions, replicationFactor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError(err, "mock topic \"" + topic + "\": " + rd_kafka_err2str(err));
}

std::optional<std::string> ProducerCore::mockFailure() {
  // Delivery reports served here wait in the poll outcome for the next poll(), as produceChunk()'s do.
  if (rk_) {
    while (serve(polled_) > 0) {
    }
  }
  return mockFailure_;
}

bool ProducerCore::mockClusterEnded() noexcept {
  if (!rk_ || rd_kafka_handle_mock_cluster(rk_.get()) == nullptr) return false;
  try {
    (void)mockFailure();
  } catch (...) {
    // close() cannot fail: what could not be served is abandoned with the rest, and the answer is what was seen.
  }
  return mockFailure_.has_value();
}

void ProducerCore::abandon() noexcept {
  // Its threads live on until the process ends: they must not call back into this object.
  if (queue_) rd_kafka_queue_cb_event_enable(queue_.get(), nullptr, nullptr);
  queue_.reset();
  (void)rk_.release();  // deliberately never destroyed: see the top of this file
}

}  // namespace loadgen
