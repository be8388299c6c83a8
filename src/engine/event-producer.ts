// What the load engine needs from a producer on the main thread (`--producer rdkafka`): the engine's port,
// implemented by src/kafka/rdkafka-producer.ts and by the tests' fakes, so the engine never imports a client.
export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** null when acknowledged; else librdkafka's error (the event counts as failed). */
  readonly error: { readonly code: number; readonly message: string } | null;
}

export type Header = Record<string, string>;

export interface EventProducer {
  /** Connects and reads metadata; fails with a clear error if a topic in `topics` does not exist. */
  connect(topics: readonly string[]): Promise<void>;
  /** Partition count of a topic, from the metadata read at connect. */
  partitions(topic: string): number;
  /**
   * Hands a record to the client: 'queue_full' is backpressure (poll and retry); a record the client refuses
   * outright (larger than message.max.bytes) comes back as its error, to be counted failed; others throw.
   */
  send(topic: string, partition: number, value: Buffer | null, key: Buffer, timestampMs: number, headers: Header[]): 'queued' | 'queue_full' | { readonly rejected: string };
  /** Serves delivery reports; call often. */
  poll(): void;
  onDelivery(handler: (delivery: Delivery) => void): void;
  /** Waits until every queued record is delivered or failed, or the timeout passes. */
  flush(timeoutMs: number): Promise<void>;
  disconnect(): Promise<void>;
  /** The client's last error (a lost connection, all brokers down) until a delivery succeeds again, else null. */
  clusterError?(): string | null;
}
