// Helpers for the native consumer's tests: a consumer on the mock cluster inside a native producer
// (test/support/native.ts), a poll loop that gathers every aggregate, and records with arbitrary `lg`
// headers from node-rdkafka's producer. node-rdkafka may only load on the main thread, so produceRaw()
// imports it lazily: worker threads (native-consumer-worker.ts) can import this file.
import { type ConsumeCounts, type ConsumeResult, NativeConsumer, type OffsetReset } from '../../src/kafka/native-consumer.js';
import type { NativeProducer } from '../../src/kafka/native-producer.js';

/** A native consumer of the producer's mock cluster. */
export function mockConsumer(producer: NativeProducer, topics: readonly string[], runId: string | null, properties: Record<string, string> = {}): NativeConsumer {
  const brokers = producer.mockBootstraps();
  if (brokers === null) throw new Error('the producer has no mock cluster');
  return new NativeConsumer({ brokers, topics, runId, properties });
}

/** Every poll() result, summed. */
export class Gathered {
  readonly results: ConsumeResult[] = [];
  messages = 0;
  counts: Record<keyof ConsumeCounts, number> = { received: 0, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0, malformed: 0, negative: 0 };
  readonly topic: number[] = [];
  readonly e2eUs: number[] = [];
  readonly e2eUncorrectedUs: number[] = [];
  /** The receive time of each counted record (its batch's). */
  readonly receivedUs: number[] = [];
  readonly resets: OffsetReset[] = [];
  readonly traced: ConsumeResult['traced'][number][] = [];
  errors = 0;
  readonly errorTexts: string[] = [];

  add(r: ConsumeResult): void {
    this.results.push(r);
    this.messages += r.messages;
    for (const key of Object.keys(this.counts) as (keyof ConsumeCounts)[]) this.counts[key] += r.counts[key];
    this.topic.push(...r.topic);
    this.e2eUs.push(...r.e2eUs);
    this.e2eUncorrectedUs.push(...r.e2eUncorrectedUs);
    for (let i = 0; i < r.e2eUs.length; i++) this.receivedUs.push(r.receivedUs);
    this.resets.push(...r.resets);
    this.traced.push(...r.traced);
    this.errors += r.errors;
    if (r.error !== null) this.errorTexts.push(r.error);
  }
}

/** Polls (yielding to the event loop between polls) until `done` holds or the deadline passes. */
export async function pollUntil(consumer: NativeConsumer, done: (g: Gathered) => boolean, timeoutMs = 20_000, gathered = new Gathered()): Promise<Gathered> {
  const deadline = Date.now() + timeoutMs;
  while (!done(gathered) && Date.now() < deadline) {
    gathered.add(consumer.poll(1000, 50));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return gathered;
}

export interface RawRecord {
  readonly partition?: number;
  /** Header name and value (node-rdkafka sends a value as a C string: no NUL bytes). */
  readonly headers?: readonly Record<string, string>[];
  readonly value?: string;
}

/** Produces records with arbitrary headers to the mock cluster with node-rdkafka's producer, and waits for every ack. */
export async function produceRaw(bootstraps: string, topic: string, records: readonly RawRecord[]): Promise<void> {
  const { default: Kafka } = await import('node-rdkafka');
  const producer = new Kafka.HighLevelProducer({ 'metadata.broker.list': bootstraps, 'linger.ms': 1 });
  await new Promise<void>((resolve, reject) => producer.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
  try {
    await Promise.all(
      records.map(
        (r) =>
          new Promise<void>((resolve, reject) =>
            producer.produce(topic, r.partition ?? 0, Buffer.from(r.value ?? 'x'), null, Date.now(), (r.headers ?? []) as Record<string, string>[], (err) => (err ? reject(err) : resolve())),
          ),
      ),
    );
  } finally {
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
}
