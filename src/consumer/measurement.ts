// What a measuring consumer is given and gives back, whichever implementation runs it (measure.ts picks).
import type { TracedReceipt } from '../engine/protocol.js';
import type { Histogram, LatencyRecorder } from '../engine/histograms.js';
import type { CONSUMER_METRICS } from '../engine/histograms.js';
import type { IntervalLog } from '../engine/interval-log.js';
import type { TimerClock } from '../engine/clock.js';
import type { ConnectionOptions } from '../config/connection.js';
import type { Timeline } from '../engine/segments.js';
import type { InstanceShare } from '../config/instances.js';
import type { IntegrityView } from './integrity.js';

export interface MeasureOptions extends ConnectionOptions {
  readonly topics: readonly string[];
  /** The run to measure; null: the run of the first stamped record (read with one thread, so one run is adopted). */
  readonly runId: string | null;
  /** 'now': from the topics' current end offsets (a run about to start); 'beginning': everything retained. */
  readonly from: 'now' | 'beginning';
  readonly clock: TimerClock;
  /** Consumer threads, each reading a share of the partitions (default 1). */
  readonly threads?: number;
  /**
   * Each second's end-to-end intervals (microseconds) as they go to the .hlog files, once every thread has
   * reported the second (for --metrics-port). The consumer-threads implementation calls it; node-rdkafka's does not.
   */
  readonly onInterval?: (metric: (typeof CONSUMER_METRICS)[number], interval: Histogram) => void;
  /** Sampled records (--trace-sample) as received, about once a second and at the end (consumer threads only). */
  readonly onTraced?: (records: readonly TracedReceipt[]) => void;
  /** The run's warm-up and phases, seconds after the base: each record's latencies also go to its segment's. */
  readonly timeline?: Timeline;
  /** Windows after the base (seconds) in which the consumer reads nothing: phases that pause it. */
  readonly pauses?: readonly PauseWindow[];
  /**
   * One instance of a scaled-out run reads only its share of the partitions: the run's partitions in topic
   * then partition order, every count-th from index (absent: all of them).
   */
  readonly share?: InstanceShare;
}

/** Whether the k-th of the run's partitions (topic then partition order) is this consumer's to read. */
export function inShare(share: InstanceShare | undefined, k: number): boolean {
  return share === undefined || k % share.count === share.index;
}

/** A stretch of the run, in seconds after its start, during which the companion consumer fetches nothing. */
export interface PauseWindow {
  readonly fromS: number;
  readonly toS: number;
}

/** A partition whose next offset had been deleted (retention) before it was read: reading resumed at `resumedAt`. */
export interface OffsetResetReport {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly resumedAt: number;
  /** Records gone before they were read (-1: not known). */
  readonly skipped: number;
}

export interface MeasureResult {
  /** false when the drain timeout passed before everything produced was read. */
  readonly drained: boolean;
  readonly integrity: IntegrityView;
  readonly latency: LatencyRecorder;
  readonly logs: Readonly<Record<(typeof CONSUMER_METRICS)[number], IntervalLog>>;
  /** Messages of any kind read, including foreign ones. */
  readonly messages: number;
  readonly resets: readonly OffsetResetReport[];
}

export interface ConsumedSoFar {
  readonly received: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
}

export interface Measurement {
  /** Interval logs start here (Unix ms): the run's start, so they line up with the producer's (and the timeline's segments). */
  setBase(baseMs: number): void;
  /** Reads up to the topics' current end offsets (what was produced), then stops; gives up after timeoutMs. */
  finish(timeoutMs: number): Promise<MeasureResult>;
  /** Stops at once. */
  stop(): Promise<MeasureResult>;
  /** Rejects if consuming fails. */
  readonly failed: Promise<never>;
  /** Messages read so far (of any run). */
  messages(): number;
  /** Records behind the partitions' ends as last fetched, or null before any end is known (consumer threads only). */
  lag(): number | null;
  /**
   * The run's records received, duplicates and out of order so far (consumer threads only; null otherwise).
   * Loss is only known at the end: a record not received yet may still be on its way.
   */
  soFar(): ConsumedSoFar | null;
}

/**
 * Whether the consumer starts paused: a run whose first phase pauses it is paused from the start, not from
 * when the start is known (the start message can come after the first records on a busy machine).
 */
export function pausedAtStart(windows: readonly PauseWindow[] | undefined): boolean {
  return (windows ?? []).some((w) => w.fromS <= 0);
}

/**
 * Calls `set(true)` when each pause window opens and `set(false)` when it closes, on `clock`, windows in
 * seconds after `baseMs` (Unix ms); one that has begun already opens at once. Returns the function that
 * cancels the timers still pending.
 */
export function schedulePauses(clock: TimerClock, baseMs: number, windows: readonly PauseWindow[], set: (paused: boolean) => void): () => void {
  const cancels = windows.flatMap((w) => {
    const at = (s: number) => Math.max(0, baseMs + s * 1000 - clock.nowUs() / 1000);
    return [clock.after(at(w.fromS), () => set(true)), clock.after(at(w.toS), () => set(false))];
  });
  return () => {
    for (const cancel of cancels) cancel();
  };
}
