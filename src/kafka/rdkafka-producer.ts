// The producer behind one small interface, so the load engine does not care which client library sends or
// on which thread it lives. RdkafkaProducer wraps node-rdkafka's API; the module is passed in, because
// node-rdkafka itself may only be loaded on the main thread, while an API-compatible fork that is
// context-aware (@platformatic/rdkafka) can run inside workers.
import type Kafka from 'node-rdkafka';
import { describe, errors } from '../errors.js';
import { ClientErrors, connectClient } from './connect.js';
import { isSecretProperty } from '../config/secrets.js';
import type { Delivery, EventProducer, Header } from '../engine/event-producer.js';

/** librdkafka's RD_KAFKA_RESP_ERR__QUEUE_FULL. */
const QUEUE_FULL = -184;
/** RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE: produce() refuses a record over message.max.bytes. */
const MSG_SIZE_TOO_LARGE = 10;

/** node-rdkafka's module, or a module with the same API. */
export type KafkaModule = Pick<typeof Kafka, 'Producer'>;

export class RdkafkaProducer implements EventProducer {
  private readonly producer: Kafka.Producer;
  private readonly partitionCounts = new Map<string, number>();
  private readonly clientErrors: ClientErrors;

  constructor(
    kafka: KafkaModule,
    private readonly brokers: string,
    properties: Readonly<Record<string, string>>,
    private readonly connectTimeoutMs: number,
  ) {
    this.producer = new kafka.Producer({ 'metadata.broker.list': brokers, 'client.id': 'loadgen', dr_cb: true, ...properties });
    // Connection errors are retried by librdkafka (records wait, then fail after message.timeout.ms);
    // connect() reports the first; during a run the progress line shows them, so an outage is visible.
    this.clientErrors = new ClientErrors(this.producer);
    this.producer.on('delivery-report', (err) => {
      if (!err) this.clientErrors.last = null;
    });
  }

  async connect(topics: readonly string[]): Promise<void> {
    const metadata = await connectClient(this.producer, { brokers: this.brokers, timeoutMs: this.connectTimeoutMs }, this.clientErrors);
    for (const topic of metadata.topics) this.partitionCounts.set(topic.name, topic.partitions.length);
    // Delivery reports reach JavaScript only when poll() is called. The sender polls on every turn, but it
    // sleeps between slots at low rates, and an ack seen late is an ack measured late (at 50 events/s the ack
    // p50 read 18.6 ms with polling only from the sender). Poll every millisecond regardless.
    this.producer.setPollInterval(1);
    const missing = topics.filter((t) => !this.partitionCounts.get(t));
    if (missing.length > 0) {
      await this.disconnect();
      throw errors.kafka('checking topics', `topic ${missing.join(', ')} does not exist on ${this.brokers}; create the pipeline topics with: loadgen topics create`);
    }
  }

  partitions(topic: string): number {
    return this.partitionCounts.get(topic) ?? 1;
  }

  send(topic: string, partition: number, value: Buffer | null, key: Buffer, timestampMs: number, headers: Header[]): 'queued' | 'queue_full' | { readonly rejected: string } {
    try {
      this.producer.produce(topic, partition, value, key, timestampMs, undefined, headers);
      return 'queued';
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
      if (code === QUEUE_FULL) return 'queue_full';
      if (code === MSG_SIZE_TOO_LARGE) return { rejected: `${describe(err)} (message.max.bytes)` };
      throw err;
    }
  }

  poll(): void {
    this.producer.poll();
  }

  clusterError(): string | null {
    return this.clientErrors.last;
  }

  onDelivery(handler: (delivery: Delivery) => void): void {
    this.producer.on('delivery-report', (err, report) => {
      handler({
        topic: report.topic,
        partition: report.partition,
        offset: report.offset,
        error: err ? { code: err.code, message: err.message } : null,
      });
    });
  }

  flush(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      // A flush that times out is not an error here: what is still in flight is counted as failed.
      this.producer.flush(timeoutMs, () => resolve());
    });
  }

  async disconnect(): Promise<void> {
    if (!this.producer.isConnected()) return;
    this.producer.setPollInterval(0);
    await new Promise<void>((resolve) => this.producer.disconnect(5000, () => resolve()));
  }
}

/**
 * Rejects librdkafka properties it does not know or cannot use, one at a time so the message names the
 * user's own -X key (librdkafka reports aliases under their canonical name). Constructing a client
 * validates its configuration without any network I/O.
 */
export function checkProperties(kafka: KafkaModule, properties: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(properties)) {
    try {
      new kafka.Producer({ 'metadata.broker.list': '127.0.0.1:9', [key]: value });
    } catch (err) {
      // A secret's value is never echoed, not even in the error about it.
      const secret = isSecretProperty(key);
      const detail = secret && value !== '' ? describe(err).split(value).join('*****') : describe(err);
      throw errors.usage(`-X ${key}=${secret ? '*****' : value}: ${detail}`);
    }
  }
}
