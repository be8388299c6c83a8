// The coordinator's view of a run whose producing happens in producer threads: the sum of their ticks
// (src/engine/thread-tally.ts) as they arrive, and at the end their whole-run histograms and acked slots.
// It answers what the summary, the progress line and the stall check ask of DeliveryAccounting.
import { combineStats, type ClientStats } from './client-stats.js';
import { addToSecond, emptyTopicCounts, type RunCounts, type TopicCounts } from './accounting.js';
import { type LatencyRecorder, PRODUCER_METRICS, addEncoded, newHistogram, swapInterval, type Histogram } from './histograms.js';
import { type EncodedSlotSet, SlotSet } from './slot-set.js';
import type { TickMessage } from './thread-tally.js';

/** A thread's final report: its whole-run histograms and acked slots (plus its last tick, sent before). */
export interface ThreadResults {
  readonly worker: number;
  /** The producer id it stamped (its stream; the worker index unless --instances). */
  readonly producerId?: number;
  /** metric -> topic -> compressed histogram. */
  readonly histograms: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The segments' histograms (warm-up, phases): segment -> metric -> compressed histogram. */
  readonly segments: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The acked slots of producer id `worker` (SlotSet.encode()). */
  readonly ackedSlots: EncodedSlotSet;
  /** What changed since the thread's last tick on its port. */
  readonly finalTick: TickMessage;
  /** Ticks the thread posted on its port before this report (the coordinator waits until it has them all). */
  readonly ticksPosted: number;
}

export class RunTotals implements RunCounts {
  readonly topics: TopicCounts[];
  produced = 0;
  acked = 0;
  failed = 0;
  bytes = 0;
  readonly failures = new Map<string, number>();
  readonly perSecond: number[] = [];
  readonly sentPerSecond: number[] = [];
  private readonly ackedSlots = new Map<number, SlotSet>();
  queueFull = 0;
  /** Each thread's in-flight count from its latest tick. */
  private readonly inFlightByThread = new Map<number, number>();
  private readonly errorByThread = new Map<number, string | null>();
  /** Values recorded since the coordinator last took them, per metric (all threads, all topics). */
  private readonly interval = new Map<string, Histogram>(PRODUCER_METRICS.map((m) => [m, newHistogram()]));
  private readonly taken = new Map<string, Histogram>(PRODUCER_METRICS.map((m) => [m, newHistogram()]));

  constructor(private readonly topicNames: readonly string[]) {
    this.topics = topicNames.map(emptyTopicCounts);
  }

  topicName(index: number): string {
    return this.topicNames[index] ?? `topic-${index}`;
  }

  ackedSlotsByProducer(): ReadonlyMap<number, SlotSet> {
    return this.ackedSlots;
  }

  get inFlight(): number {
    let n = 0;
    for (const v of this.inFlightByThread.values()) n += v;
    return n;
  }

  /** The first thread's client error, if any thread has one. */
  private readonly statsByThread = new Map<number, ClientStats>();

  get clusterError(): string | null {
    for (const e of this.errorByThread.values()) if (e) return e;
    return null;
  }

  absorb(tick: TickMessage): void {
    this.ticks.set(tick.worker, (this.ticks.get(tick.worker) ?? 0) + 1);
    tick.topics.forEach((delta, i) => {
      const counts = (this.topics[i] ??= emptyTopicCounts());
      counts.produced += delta.produced;
      counts.acked += delta.acked;
      counts.failed += delta.failed;
      counts.bytes += delta.bytes;
      this.produced += delta.produced;
      this.acked += delta.acked;
      this.failed += delta.failed;
      this.bytes += delta.bytes;
    });
    for (const [reason, n] of tick.failures) this.failures.set(reason, (this.failures.get(reason) ?? 0) + n);
    for (const [second, n] of tick.perSecond) addToSecond(this.perSecond, second, n);
    for (const [second, n] of tick.sentPerSecond) addToSecond(this.sentPerSecond, second, n);
    for (const metric of PRODUCER_METRICS) addEncoded(this.interval.get(metric) ?? newHistogram(), tick.intervals[metric]);
    this.inFlightByThread.set(tick.worker, tick.inFlight);
    this.errorByThread.set(tick.worker, tick.clusterError);
    if (tick.clientStats) this.statsByThread.set(tick.worker, tick.clientStats);
    this.queueFull += tick.queueFull;
  }

  /** The threads' latest librdkafka statistics, combined; null before any came. */
  clientStats(): ClientStats | null {
    return combineStats([...this.statsByThread.values()]);
  }

  /** The values recorded since the last call, per metric (the progress line and the .hlog intervals); valid until the next call. */
  takeInterval(metric: (typeof PRODUCER_METRICS)[number]): Histogram {
    return swapInterval(this.interval, this.taken, metric);
  }

  /**
   * Counts everything produced and not settled as failed with `reason`, per topic: once every other thread
   * has drained, that is what a failed thread had in flight (as of its last tick). Returns how many.
   */
  failUnsettled(reason: string): number {
    let total = 0;
    for (const counts of this.topics) {
      const unsettled = counts.produced - counts.acked - counts.failed;
      if (unsettled <= 0) continue;
      counts.failed += unsettled;
      this.failed += unsettled;
      total += unsettled;
    }
    if (total > 0) this.failures.set(reason, (this.failures.get(reason) ?? 0) + total);
    this.inFlightByThread.clear();
    return total;
  }

  /** Ticks absorbed per thread (so the coordinator knows when a thread's port has delivered them all). */
  readonly ticks = new Map<number, number>();

  /**
   * A thread's final results: its last tick, its whole-run histograms into `latency`, its acked slots under
   * its producer id.
   */
  finish(results: ThreadResults, latency: LatencyRecorder): void {
    this.absorb(results.finalTick);
    for (const [metric, topics] of Object.entries(results.histograms)) {
      for (const [topic, encoded] of Object.entries(topics)) latency.absorb(metric as (typeof PRODUCER_METRICS)[number], topic, encoded);
    }
    latency.absorbSegments(results.segments);
    this.ackedSlots.set(results.producerId ?? results.worker, SlotSet.decode(results.ackedSlots));
    this.inFlightByThread.set(results.worker, 0);
  }
}
