// `--embedded`: librdkafka's mock cluster (test.mock.num.brokers), started inside loadgen's process for the
// length of a run, so loadgen can be tried with no broker at all. It speaks the Kafka protocol on loopback
// ports, so the producer threads and the companion consumer (another process) connect to it like to any
// cluster. It is librdkafka's test broker, not Kafka: right for trying loadgen, checking scenarios, the CI
// of code downstream and measuring loadgen's own cost; never for a broker's latency. Everything loadgen
// shows of a run on it says so (summary.json's cluster.kind is "mock").
import { NativeProducer } from './native-producer.js';

/**
 * Consumer settings for a mock cluster: it holds a fetch for fetch.wait.max.ms (500 ms by default) when it
 * has nothing new, and an end-to-end p50 of about 250 ms measured that wait, not the path.
 */
export const MOCK_CONSUMER_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({ 'fetch.wait.max.ms': '1' });

export interface EmbeddedCluster {
  /** The mock brokers' addresses (bootstrap.servers). */
  readonly bootstraps: string;
  readonly brokers: number;
  /** Why the cluster stopped by itself before close() (librdkafka's line), else null: its brokers are gone. */
  failure(): string | null;
  /** Stops the mock brokers; idempotent. */
  close(): void;
}

/** Starts a mock cluster of `brokers` brokers with `topics` (name -> partitions) created. */
export function startEmbeddedCluster(brokers: number, topics: Readonly<Record<string, number>>): EmbeddedCluster {
  // The cluster lives inside this client; it is never used to produce.
  const holder = new NativeProducer({ properties: { 'test.mock.num.brokers': String(brokers) }, topics: Object.keys(topics) });
  try {
    const bootstraps = holder.mockBootstraps();
    if (bootstraps === null) throw new Error('librdkafka started no mock cluster');
    for (const [topic, partitions] of Object.entries(topics)) holder.mockCreateTopic(topic, partitions, Math.min(3, brokers));
    let closed = false;
    return {
      bootstraps,
      brokers,
      failure: () => (closed ? null : holder.mockFailure()),
      close: () => {
        closed = true;
        holder.close();
      },
    };
  } catch (err) {
    holder.close();
    throw err;
  }
}
