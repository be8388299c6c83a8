// --brokers or --embedded for the commands that read a cluster another process keeps (consume, topics):
// --embedded means the mock cluster of the `loadgen run --embedded` running on this host, found where that
// run announced it (src/kafka/embedded-registry.ts). `loadgen run --embedded` starts a cluster of its own
// instead (src/config/cluster.ts).
import { type ConnectionOptions, DEFAULT_CONNECT_TIMEOUT, resolveConnection } from '../config/connection.js';
import { parseDuration } from '../config/option-values.js';
import { errors } from '../errors.js';
import { MOCK_CONSUMER_PROPERTIES } from '../kafka/embedded-cluster.js';
import { type AnnouncedCluster, embeddedClusterFor, embeddedRegistryDir, watchAnnounced } from '../kafka/embedded-registry.js';

export interface ClusterFlags {
  readonly brokers?: unknown;
  readonly connectTimeout?: unknown;
  readonly embedded?: unknown;
}

export interface ReachedCluster {
  readonly connection: ConnectionOptions;
  /** The run's mock cluster with --embedded; null for a Kafka cluster. */
  readonly mock: AnnouncedCluster | null;
}

export function reachCluster(command: string, flags: ClusterFlags, env: Readonly<Record<string, string | undefined>>): ReachedCluster {
  if (flags.embedded === undefined || flags.embedded === false) return { connection: resolveConnection(flags, env), mock: null };
  if (flags.embedded !== true) {
    throw errors.invalidOption('--embedded', flags.embedded, `no value: ${command} reads the mock cluster of the \`loadgen run --embedded\` on this host`);
  }
  if (flags.brokers !== undefined) throw errors.usage('--embedded and --brokers: give one');
  const mock = embeddedClusterFor(command, embeddedRegistryDir(env));
  // The brokers are the run's. The mock cluster holds an empty fetch for fetch.wait.max.ms, which would
  // otherwise be most of every end-to-end latency (the run's companion consumer sets the same).
  const timeoutMs = parseDuration('--connect-timeout', flags.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT);
  return { connection: { brokers: mock.bootstraps, timeoutMs, properties: MOCK_CONSUMER_PROPERTIES }, mock };
}

/**
 * With --embedded, calls `onEnded` once when the run that holds the cluster ends (its cluster is gone with
 * it, so a reader has nothing left to wait for); returns the stop. Without, does nothing.
 */
export function whenRunEnds(cluster: ReachedCluster, env: Readonly<Record<string, string | undefined>>, onEnded: (mock: AnnouncedCluster) => void): () => void {
  const { mock } = cluster;
  if (mock === null) return () => {};
  return watchAnnounced(embeddedRegistryDir(env), mock, () => onEnded(mock));
}
