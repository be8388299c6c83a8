// Helpers for the native producer's tests: a producer on librdkafka's mock cluster (test.mock.num.brokers,
// inside the client: no broker, no Java), batches, and a produce-and-poll loop that keeps every aggregate.
// No node-rdkafka here (its addon may only load on the main thread, and worker threads import this file):
// the consumer that reads records back is in native-consume.ts.
import { BatchWriter } from '../../src/events/batch.js';
import { CHUNK_START, type ChunkPosition, type ChunkStamp, NativeProducer, type PollResult, type ProduceResult } from '../../src/kafka/native-producer.js';

export interface TestRecord {
  readonly topic?: number;
  readonly invalid?: number;
  readonly timeMs?: number;
  readonly key: string;
  /** null: a tombstone. */
  readonly value: string | null;
}

export function batchOf(records: readonly TestRecord[], timeMs = Date.now()): ArrayBuffer {
  const writer = new BatchWriter(4096, true);
  for (const r of records) writer.append(r.topic ?? 0, r.invalid ?? 0, r.timeMs ?? timeMs, r.key, r.value);
  return writer.finish();
}

/** A producer on a fresh 3-broker mock cluster holding `topics` with the given partition counts, connected. */
export function mockProducer(topics: readonly string[], partitions: readonly number[], properties: Record<string, string> = {}): NativeProducer {
  const producer = new NativeProducer({ topics, properties: { 'test.mock.num.brokers': '3', ...properties } });
  topics.forEach((topic, i) => {
    producer.mockCreateTopic(topic, partitions[i] ?? 1);
  });
  producer.connect(10_000);
  return producer;
}

/** Everything a producer reported, gathered from its aggregate results. */
export class Totals {
  queued = 0;
  rejected = 0;
  acked = 0;
  failed = 0;
  queueFull = 0;
  readonly slots: number[] = [];
  readonly ackTopics: number[] = [];
  readonly ackUs: number[] = [];
  readonly ackUncorrectedUs: number[] = [];
  readonly publishDelayUs: number[] = [];
  readonly failures = new Map<string, number>();
  readonly ackedBytesByTopic: number[] = [];
  lastError: string | null = null;

  addProduce(r: ProduceResult): void {
    this.queued += r.queued;
    this.rejected += r.failed;
    if (r.status === 'queue_full') this.queueFull++;
    this.publishDelayUs.push(...r.publishDelayUs);
    this.addFailures(r.failures);
  }

  addPoll(r: PollResult): void {
    this.acked += r.acked;
    this.failed += r.failed;
    this.slots.push(...r.slot);
    this.ackTopics.push(...r.topic);
    this.ackUs.push(...r.ackUs);
    this.ackUncorrectedUs.push(...r.ackUncorrectedUs);
    r.ackedBytesByTopic.forEach((bytes, t) => {
      this.ackedBytesByTopic[t] = (this.ackedBytesByTopic[t] ?? 0) + bytes;
    });
    this.addFailures(r.failures);
    this.lastError = r.lastError;
  }

  private addFailures(failures: Readonly<Record<string, number>>): void {
    for (const [reason, n] of Object.entries(failures)) this.failures.set(reason, (this.failures.get(reason) ?? 0) + n);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends the whole batch as a sender would (waiting when not due, polling when the queue is full), then flushes. */
export async function produceAll(producer: NativeProducer, batch: ArrayBuffer, stamp: ChunkStamp, totals = new Totals(), flushMs = 20_000): Promise<Totals> {
  let from: ChunkPosition = CHUNK_START;
  for (;;) {
    const r = producer.produceChunk(batch, from, stamp);
    totals.addProduce(r);
    totals.addPoll(producer.poll(r.status === 'queue_full' ? 5 : 0));
    if (r.status === 'done') break;
    if (r.status === 'not_due') await sleep(Math.max(0, ((r.dueUs ?? 0) - (performance.timeOrigin + performance.now()) * 1000) / 1000));
    from = r.next;
  }
  const flushed = await producer.flush(flushMs, (r) => totals.addPoll(r));
  if (!flushed) throw new Error(`flush timed out with ${producer.inFlight} in flight`);
  return totals;
}

/** A unique run id, so records of different tests never look alike. */
export function runId(label: string): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}`;
}
