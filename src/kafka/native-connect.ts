// Connecting one of the native addon's clients the loadgen way: read the cluster's metadata within the
// timeout, and on failure say why (the cluster unreachable, a refused login, a missing topic), closing the
// client, as src/kafka/connect.ts does for node-rdkafka's clients.
import { errors } from '../errors.js';

export interface NativeClient {
  /** Partition counts per topic (0: missing); throws librdkafka's error when the cluster does not answer. */
  metadata(timeoutMs: number): number[];
  /** The client's last error (a security failure outlives the errors after it), else null. */
  lastError(): string | null;
  close(): void;
}

/** Partition counts per topic of `client`, or a LoadgenError naming the brokers or the missing topics. */
export function connectNative(client: NativeClient, brokers: string, topics: readonly string[], timeoutMs: number, operation: string): number[] {
  let counts: number[];
  try {
    counts = client.metadata(timeoutMs);
  } catch (err) {
    const clientError = client.lastError();
    client.close();
    throw errors.connectFailed(brokers, timeoutMs, err, clientError);
  }
  const missing = topics.filter((_, i) => !counts[i]);
  if (missing.length > 0) {
    client.close();
    throw errors.kafka(operation, `topic ${missing.join(', ')} does not exist on ${brokers}; create the pipeline topics with: loadgen topics create`);
  }
  return counts;
}
