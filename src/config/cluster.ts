// What a run loads: a Kafka cluster (--brokers, KAFKA_BROKERS), or with --embedded librdkafka's mock
// cluster, which the run starts inside loadgen (src/kafka/embedded-cluster.ts), and the producer settings
// that differ on it.
import { errors } from '../errors.js';
import type { InstanceShare } from './instances.js';
import { parseInteger } from './option-values.js';
import type { RunFlags } from './run-options.js';

/** kafka: the cluster at --brokers; mock: librdkafka's mock cluster of `brokers` brokers (src/kafka/embedded-cluster.ts). */
export type ClusterKind = { readonly kind: 'kafka' } | { readonly kind: 'mock'; readonly brokers: number };

/**
 * Over the defaults on the mock cluster (--embedded): a 1 ms linger, so end-to-end latency shows the path
 * rather than 5 ms of batching (measured: e2e p50 5.6 ms with linger.ms=5 at 1,000/s); -X still wins.
 */
export const MOCK_PRODUCER_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({ 'linger.ms': '1' });

/** Mock brokers by default (--embedded): enough for partition leadership to spread, as on a small cluster. */
export const DEFAULT_MOCK_BROKERS = 3;
export const MAX_MOCK_BROKERS = 16;

/** Where brokers stand in a RunConfig for --embedded until the run has started the mock cluster. */
export const MOCK_BROKERS_PENDING = 'the embedded mock cluster';

/** --embedded [N]: librdkafka's mock cluster of N brokers (default 3) instead of --brokers. */
export function resolveCluster(flags: RunFlags, instances: InstanceShare, processes: number): ClusterKind {
  const raw = flags.embedded;
  if (raw === undefined || raw === false) return { kind: 'kafka' };
  const brokers = raw === true || raw === '' ? DEFAULT_MOCK_BROKERS : parseInteger('--embedded', raw, 1, MAX_MOCK_BROKERS);
  if (flags.brokers !== undefined) throw errors.usage('--embedded and --brokers: give one (--embedded starts its own cluster)');
  if (instances.count > 1 || processes > 1) {
    throw errors.usage('--embedded with --instances or --processes: each process would start a mock cluster of its own');
  }
  return { kind: 'mock', brokers };
}
