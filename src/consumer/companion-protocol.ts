// Everything that crosses the process boundary between `loadgen run` and its companion consumer (a child
// process, so consuming does not compete with the producer's event loop), declared in one place.
//
//   run                           companion (`loadgen consume --companion`)
//   open  ------------------->    connects, assigns every topic at its current end offset
//         <-------------------    ready
//   start ------------------->    (the schedule's start: interval logs line up with the producer's)
//         <-------------------    interval and progress (once a second, when the run serves --metrics-port)
//   finish ------------------>    reads up to the end offsets after the producer's final flush, writes its
//         <-------------------    result  .hlog files, and exits
//
// Settings travel in `open` rather than on the command line, so secrets (sasl.password) never show in `ps`.
import type { TraceExportTarget } from '../config/run-config.js';
import type { Timeline } from '../engine/segments.js';
import type { InstanceShare } from '../config/instances.js';
import { CONSUMER_METRICS, LatencyRecorder } from '../engine/histograms.js';
import { type EncodedSlotSet, type SlotSet, decodeSlotSets, encodeSlotSets } from '../engine/slot-set.js';
import type { ConnectionOptions } from '../config/connection.js';
import type { IntegrityCounts } from './integrity.js';
import type { ConsumedSoFar, MeasureResult, PauseWindow } from './measurement.js';

export interface OpenMessage {
  readonly kind: 'open';
  readonly connection: ConnectionOptions;
  readonly runId: string;
  readonly topics: readonly string[];
  /** Where the companion writes e2e.hlog and e2e_uncorrected.hlog. */
  readonly outDir: string;
  /** Consumer threads, each reading a share of the partitions. */
  readonly threads: number;
  /** Send each second's end-to-end intervals (the run serves them as metrics). */
  readonly intervals?: boolean;
  /** --trace-sample with an endpoint: the companion exports a consume span per sampled record there. */
  readonly traces?: TraceExportTarget;
  /** The run's warm-up and phases: each record's latencies also go to its segment's (src/engine/segments.ts). */
  readonly timeline?: Timeline;
  /** Phases that pause the consumer: it fetches nothing during them and catches up after. */
  readonly pauses?: readonly PauseWindow[];
  /** One instance of a scaled-out run: read only this share of the partitions. */
  readonly share?: InstanceShare;
}

export interface StartMessage {
  readonly kind: 'start';
  readonly baseMs: number;
}

export interface FinishMessage {
  readonly kind: 'finish';
  readonly drainTimeoutMs: number;
}

export type ToCompanion = OpenMessage | StartMessage | FinishMessage;

export interface ReadyMessage {
  readonly kind: 'ready';
}

export interface ResultMessage {
  readonly kind: 'result';
  readonly report: ConsumerReport;
  /** Why the companion's .hlog files could not be written (the figures are in `report` all the same). */
  readonly unwritten?: string;
}

/** One second's end-to-end values of one metric, as a compressed histogram (us), as e2e.hlog gets them. */
export interface IntervalMessage {
  readonly kind: 'interval';
  readonly metric: (typeof CONSUMER_METRICS)[number];
  readonly histogram: string;
}

/**
 * The consumer now: its lag, records behind the partitions' ends as last fetched (null before any end is
 * known), and the run's records received, duplicates and out of order so far (null: not counted live).
 */
export interface ProgressMessage {
  readonly kind: 'progress';
  readonly lag: number | null;
  readonly soFar: ConsumedSoFar | null;
}

/** A one-line error; the companion exits after sending it. */
export interface ErrorMessage {
  readonly kind: 'error';
  readonly message: string;
  readonly exitCode: number;
}

export type FromCompanion = ReadyMessage | IntervalMessage | ProgressMessage | ResultMessage | ErrorMessage;

/** What the consumer measured, as plain data: histograms as compressed encodings, slot sets as base64. */
export interface ConsumerReport {
  readonly drained: boolean;
  readonly counts: IntegrityCounts;
  readonly negative: number;
  readonly messages: number;
  /** producer id -> received slots (SlotSet.encode()). */
  readonly receivedSlots: Readonly<Record<string, EncodedSlotSet>>;
  /** metric -> topic -> compressed histogram. */
  readonly histograms: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The segments' histograms (warm-up, phases): segment -> metric -> compressed histogram. */
  readonly segments: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function toReport(result: MeasureResult): ConsumerReport {
  return {
    drained: result.drained,
    counts: result.integrity.counts(),
    negative: result.latency.negative,
    messages: result.messages,
    receivedSlots: encodeSlotSets(result.integrity.receivedSlots()),
    histograms: result.latency.encodedMetrics(),
    segments: result.latency.encodedSegments(),
  };
}

/** The report's histograms and slot sets, decoded. */
export function fromReport(report: ConsumerReport): { latency: LatencyRecorder; receivedSlots: Map<number, SlotSet> } {
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  latency.absorbEncoded(report.histograms);
  latency.absorbSegments(report.segments);
  latency.negative = report.negative;
  return { latency, receivedSlots: decodeSlotSets(report.receivedSlots) };
}
