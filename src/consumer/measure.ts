// The measuring consumer: reads every topic a run writes, from the offsets the topics had when the run
// started, and records for each record of the run
//   e2e              receive time - intended send time (corrected for coordinated omission)
//   e2e_uncorrected  receive time - actual send time
// plus the integrity counts (src/consumer/integrity.ts). Receive time is when the batch holding the record
// was taken off librdkafka's queue, on the producer's clock (CLOCK_REALTIME, Unix us); across hosts it is
// only as good as their clock sync, and negative latencies are counted, not hidden.
//
// Two implementations behind one interface: consumer threads over the native addon (native-measure.ts, the
// default), and node-rdkafka (rdkafka-measure.ts, one JavaScript object per record, about 10x slower),
// which LOADGEN_CONSUME_MODE=flowing|batch selects for the latency benchmark's comparison.
import type Kafka from 'node-rdkafka';
import type { LatencyRecorder } from '../engine/histograms.js';
import type { CONSUMER_METRICS } from '../engine/histograms.js';
import type { IntervalLog } from '../engine/interval-log.js';
import type { TimerClock } from '../engine/sender.js';
import type { ConnectionOptions } from '../kafka/client-config.js';
import type { IntegrityView } from './integrity.js';
import { startNativeMeasure } from './native-measure.js';
import { startRdkafkaMeasure } from './rdkafka-measure.js';

export interface MeasureOptions extends ConnectionOptions {
  readonly topics: readonly string[];
  /** The run to measure; null: the run of the first stamped record (read with one thread, so one run is adopted). */
  readonly runId: string | null;
  /** 'now': from the topics' current end offsets (a run about to start); 'beginning': everything retained. */
  readonly from: 'now' | 'beginning';
  readonly clock: TimerClock;
  /** Consumer threads, each reading a share of the partitions (default 1). */
  readonly threads?: number;
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

export interface Measurement {
  /** Interval logs start here (Unix ms): the run's start, so they line up with the producer's. */
  setBase(baseMs: number): void;
  /** Reads up to the topics' current end offsets (what was produced), then stops; gives up after timeoutMs. */
  finish(timeoutMs: number): Promise<MeasureResult>;
  /** Stops at once. */
  stop(): Promise<MeasureResult>;
  /** Rejects if consuming fails. */
  readonly failed: Promise<never>;
  /** Messages read so far (of any run). */
  messages(): number;
}

export function startMeasure(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, options: MeasureOptions): Promise<Measurement> {
  const mode = process.env['LOADGEN_CONSUME_MODE'];
  return mode === 'flowing' || mode === 'batch' ? startRdkafkaMeasure(kafka, options) : startNativeMeasure(options);
}
