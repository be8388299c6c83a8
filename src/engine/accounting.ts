// Delivery accounting: every event handed to the producer ends acked or failed, exactly once, and nothing
// is left in flight after the final flush. Records waiting for their delivery report are kept in one FIFO
// per (topic, partition): librdkafka reports a partition's messages in the order they were produced, so a
// report is matched to its record without a per-message opaque.
import type { ClientStats } from './client-stats.js';
import type { Delivery } from './event-producer.js';
import { SlotSet } from './slot-set.js';

interface InFlight {
  readonly topic: number;
  /** The send slot (-1: none, for callers that do not track slots). */
  readonly slot: number;
  readonly intendedUs: number;
  readonly actualUs: number;
  readonly bytes: number;
}

export interface TopicCounts {
  produced: number;
  acked: number;
  failed: number;
  bytes: number;
}

export const emptyTopicCounts = (): TopicCounts => ({ produced: 0, acked: 0, failed: 0, bytes: 0 });

/** What a settled delivery reports back to the caller, for latency recording. */
export interface Settled {
  readonly topic: number;
  readonly intendedUs: number;
  readonly actualUs: number;
  readonly acked: boolean;
}

/**
 * A run's delivery counts, whoever kept them: DeliveryAccounting on the main thread (node-rdkafka), or
 * RunTotals summing the producer threads' ticks (the native producer). What the summary and the monitor read.
 */
export interface RunCounts {
  readonly topics: readonly TopicCounts[];
  topicName(index: number): string;
  readonly produced: number;
  readonly acked: number;
  readonly failed: number;
  readonly bytes: number;
  readonly inFlight: number;
  /** Failures by reason. */
  readonly failures: ReadonlyMap<string, number>;
  /** Acks per whole second since the start (index = second), by when each ack came. */
  readonly perSecond: readonly number[];
  /**
   * Records queued with the client per whole second since the start, by when they were handed to it: the
   * schedule as kept, apart from how long the acks took (at a step down, acks counted by when they come
   * carry the faster step's records into the slower one's first second).
   */
  readonly sentPerSecond: readonly number[];
  /** Producer id (the `lg` header's) -> the slots it had acknowledged: what the consumer must receive. */
  ackedSlotsByProducer(): ReadonlyMap<number, SlotSet>;
  /** The clients' latest librdkafka statistics, summarised (producer threads only); null before any came. */
  clientStats?(): ClientStats | null;
}

/** Partitions per topic that the FIFO index can address (queues are found by topic * this + partition). */
const MAX_PARTITIONS = 65_536;

export class DeliveryAccounting implements RunCounts {
  // An array indexed by topic and partition: a Map keyed by "topic:partition" strings cost a string and a
  // hash lookup per produce and per delivery on the main thread's hot path.
  private readonly queues: ({ items: InFlight[]; head: number } | undefined)[] = [];
  private readonly topicIndex: Map<string, number>;
  readonly topics: TopicCounts[];
  produced = 0;
  acked = 0;
  failed = 0;
  bytes = 0;
  /** Failures by librdkafka error message. */
  readonly failures = new Map<string, number>();
  /** Acks per whole second since the start (index = second). */
  readonly perSecond: number[] = [];
  /** Records queued per whole second since the start (index = second). */
  readonly sentPerSecond: number[] = [];
  /** The slots acknowledged: what the companion consumer must receive (anything else it lacks is lost). */
  readonly ackedSlots = new SlotSet();

  constructor(
    private readonly topicNames: readonly string[],
    private readonly startUs: number,
  ) {
    this.topics = topicNames.map(emptyTopicCounts);
    this.topicIndex = new Map(topicNames.map((name, i) => [name, i]));
  }

  topicName(index: number): string {
    return this.topicNames[index] ?? `topic-${index}`;
  }

  /** One producer (id 0, the main thread's sender). */
  ackedSlotsByProducer(): ReadonlyMap<number, SlotSet> {
    return new Map([[0, this.ackedSlots]]);
  }

  get inFlight(): number {
    return this.produced - this.acked - this.failed;
  }

  produce(topic: number, partition: number, intendedUs: number, actualUs: number, bytes: number, slot = -1): void {
    const key = topic * MAX_PARTITIONS + partition;
    let queue = this.queues[key];
    if (!queue) this.queues[key] = queue = { items: [], head: 0 };
    queue.items.push({ topic, slot, intendedUs, actualUs, bytes });
    addToSecond(this.sentPerSecond, secondOf(actualUs, this.startUs), 1);
    this.produced++;
    (this.topics[topic] as TopicCounts).produced++;
  }

  /** A record the client refused outright (too large): produced and failed at once, no delivery report to wait for. */
  reject(topic: number, reason: string): void {
    this.produced++;
    const counts = this.topics[topic] as TopicCounts;
    counts.produced++;
    this.fail(counts, reason);
  }

  /** Settles the oldest record of the delivery's partition; undefined for a report that matches none. */
  deliver(delivery: Delivery, ackUs: number): Settled | undefined {
    const topic = this.topicIndex.get(delivery.topic);
    const queue = topic === undefined ? undefined : this.queues[topic * MAX_PARTITIONS + delivery.partition];
    if (!queue || queue.head >= queue.items.length) return undefined;
    const record = queue.items[queue.head++] as InFlight;
    if (queue.head > 4096 && queue.head * 2 > queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
    const counts = this.topics[record.topic] as TopicCounts;
    if (delivery.error) {
      this.fail(counts, delivery.error.message);
      return { ...record, acked: false };
    }
    this.acked++;
    counts.acked++;
    if (record.slot >= 0) this.ackedSlots.add(record.slot);
    this.bytes += record.bytes;
    counts.bytes += record.bytes;
    addToSecond(this.perSecond, secondOf(ackUs, this.startUs), 1);
    return { ...record, acked: true };
  }

  /** Counts everything still in flight as failed (after the final flush timed out), so nothing is lost silently. */
  abandonInFlight(reason: string): number {
    let abandoned = 0;
    for (const queue of this.queues) {
      if (!queue) continue;
      for (let i = queue.head; i < queue.items.length; i++) {
        this.fail(this.topics[(queue.items[i] as InFlight).topic] as TopicCounts, reason);
        abandoned++;
      }
      queue.items = [];
      queue.head = 0;
    }
    return abandoned;
  }

  private fail(counts: TopicCounts, reason: string): void {
    this.failed++;
    counts.failed++;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }
}

/** The whole second after `startUs` that `us` falls in (0 for anything before the start). */
export function secondOf(us: number, startUs: number): number {
  return Math.max(0, Math.floor((us - startUs) / 1e6));
}

/** Adds `n` to `perSecond[second]`, growing the array with zeros up to it. */
export function addToSecond(perSecond: number[], second: number, n: number): void {
  while (perSecond.length <= second) perSecond.push(0);
  perSecond[second] = (perSecond[second] ?? 0) + n;
}
