// Everything that crosses a thread in a run, declared in one place (as piscina does).
//
// Main thread: the coordinator raises a budget of chunks in a SharedArrayBuffer. With --producer native,
// producer threads (workers/producer.ts) generate their chunks and produce them; with --producer rdkafka,
// generator threads (workers/generator.ts) hand chunks to the main thread's sender. Each thread runs ONE
// long-lived Piscina task for the whole run (a Piscina task costs 35-40 us, far too much per event or per batch): worker w generates chunks
// w, w + W, w + 2W, ... (a static assignment, so a seed replays whatever the timing), each chunk being
// CHUNK consecutive send slots encoded as one transferable batch (src/events/batch.ts).
import type { MessagePort } from 'node:worker_threads';
import type { Scenario } from '../model/scenario.js';
import type { Spike } from './load-profile.js';
import type { EncodedSlotSet } from './slot-set.js';
import type { Timeline } from './segments.js';
import { peakTarget, type Schedule } from './pacer.js';
import type { ThreadResults } from './run-totals.js';
import type { TickMessage } from './thread-tally.js';

/**
 * The control SharedArrayBuffer: Int32 cells, then (at byte startMsOffset) one Float64 holding slot 0's
 * intended wall-clock time, written by the main thread before it first raises the budget.
 */
export const Control = {
  /** Chunks 0 .. value-1 may be generated (the budget). Raised by the coordinator, waited on by workers. */
  allowedChunks: 0,
  /** 1: stop generating (end of run or a signal); producer threads then drain what is in flight. */
  stop: 1,
  /** 1: the cluster stopped answering; producer threads stop waiting for delivery reports at once. */
  abort: 2,
  /** Chunks a producer thread has finished sending (Atomics.add): how far the run got, for the budget. */
  chunksSent: 3,
  /** Int32 cells before startMsOffset. */
  cells: 4,
  startMsOffset: 16,
  bytes: 24,
} as const;

/** The task each generator thread runs once (structured-cloned, so plain data only; the port is transferred). */
export interface GeneratorTask {
  /** The thread's index in this process (its cells, its messages). */
  readonly worker: number;
  readonly workers: number;
  /**
   * The thread's generation stream, which is also its producer id and deals it chunks stream, stream +
   * streams, ...: its worker index alone; with --instances, instance I's thread w is I + N * w of N x W
   * (src/config/instances.ts). Absent: worker and workers.
   */
  readonly stream?: number;
  readonly streams?: number;
  readonly seed: number;
  readonly scenario: Scenario;
  /** The event validators as ajv standalone code (src/events/event-validators.ts): no ajv in the threads. */
  readonly validators: string;
  /** The catalog's product rows in shared memory, one copy for all threads (src/model/product-rows.ts). */
  readonly catalogRows?: SharedArrayBuffer;
  readonly injectInvalid: number;
  readonly schedule: Schedule;
  /** The flash sales on the run's clock, for their purchase boost (src/engine/load-profile.ts). */
  readonly spikes: readonly Spike[];
  /** Where the warm-up and the phases begin (src/engine/segments.ts). */
  readonly timeline: Timeline;
  readonly chunkSlots: number;
  /** Control cells, see Control. */
  readonly control: SharedArrayBuffer;
  /** Where batches go (to the main thread). */
  readonly port: MessagePort;
}

/** Worker -> main: set up (validators compiled), waiting for the budget. */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly worker: number;
}

/** Worker -> main over the task's port: one generated chunk. `buffer` is transferred, not copied. */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly worker: number;
  readonly chunk: number;
  readonly firstSlot: number;
  readonly count: number;
  readonly buffer: ArrayBuffer;
}

/**
 * Worker -> main: the last message on the port. The main thread closes the port on receiving it; the worker
 * must not close it itself, because closing a port can drop messages not yet delivered (the last chunk).
 */
export interface EndMessage {
  readonly kind: 'end';
  readonly worker: number;
}

/**
 * Worker -> main: the thread failed (then its task rejects). Sent first so that a loadgen error keeps its
 * message and exit code (an unreachable cluster, a missing topic), which a rejected task would lose.
 */
export interface FailedMessage {
  readonly kind: 'failed';
  readonly worker: number;
  readonly message: string;
  readonly exitCode: number;
}

export type WorkerMessage = ReadyMessage | BatchMessage | EndMessage;

/** What a producer thread sends the coordinator over its port. */
export type ProducerMessage = ReadyMessage | TickMessage | FailedMessage;

/** The task's result when the worker stops. */
export interface GeneratorReport {
  readonly worker: number;
  readonly chunks: number;
  readonly events: number;
  /** Generator faults: events that failed validation and were dropped (never sent), by reason. */
  readonly invalid: readonly (readonly [string, number])[];
  /** Deliberately invalid events (--inject-invalid), by broken rule. */
  readonly injected: readonly (readonly [string, number])[];
}

/**
 * Young-generation limit per worker thread (generator, producer and consumer threads). With V8's defaults
 * each thread cost ~70 MB of RSS; measured with 8 threads at 1,000 events/s: 670 MB by default, 592 MB at 16,
 * 516 MB at 8, 406 MB at 4.
 */
export const YOUNG_GENERATION_MB = Number(process.env['LOADGEN_WORKER_YOUNG_MB'] ?? 4);

/** Slots per chunk: about 20 ms of sending at the peak target rate, within sane bounds. */
export function chunkSlotsFor(schedule: Schedule): number {
  const peak = peakTarget(schedule);
  if (peak === null) return 2048;
  return Math.max(16, Math.min(2048, Math.round(peak * 0.02)));
}

/**
 * The task each producer thread runs once (workers/producer.ts, `--producer native`): a generator task whose
 * thread also owns a librdkafka producer (the native addon) and sends its own chunks on schedule. Its port
 * carries `ready`, then ticks (src/engine/thread-tally.ts) about once a second.
 */
export interface ProducerTask extends GeneratorTask {
  readonly brokers: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly topics: readonly string[];
  readonly runId: string;
  readonly connectTimeoutMs: number;
  /**
   * One Int32 per thread: the records it has in flight, stored after every poll, so the coordinator's
   * in-flight limit reads the present, not the last tick.
   */
  readonly inFlight: SharedArrayBuffer;
  /** --trace-sample: the fraction of valid events sent with a traceparent header, their spans in the ticks. */
  readonly traceSample: number;
  /**
   * Phases whose producers have librdkafka properties of their own: from each phase's first slot on, the
   * thread sends through a producer made with its properties (absent: one producer, `properties`).
   */
  readonly phaseProducers?: readonly PhaseProducer[];
}

/** A phase's producer: from this slot of the run on, with these properties. */
export interface PhaseProducer {
  readonly firstSlot: number;
  readonly properties: Readonly<Record<string, string>>;
}

/** A producer thread's result: its generator report, and what its producer measured over the whole run. */
export interface ProducerReport extends GeneratorReport, ThreadResults {}

/**
 * The task each measuring-consumer thread runs once (workers/consumer.ts): a native consumer over its share
 * of the partitions, from the given start offsets, until ConsumerControl.stop.
 */
export interface ConsumerTask {
  readonly thread: number;
  readonly brokers: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly topics: readonly string[];
  /** The run to measure; null: the run of the first stamped record. */
  readonly runId: string | null;
  readonly connectTimeoutMs: number;
  /** This thread's partitions and where each starts (absolute offsets, or OFFSET_BEGINNING). */
  readonly assignments: readonly { readonly topicIndex: number; readonly partition: number; readonly offset: number }[];
  /** For each assignment, its index in `positions` (all threads' partitions, in the coordinator's order). */
  readonly slots: readonly number[];
  /** Control cells, see ConsumerControl. */
  readonly control: SharedArrayBuffer;
  /** One Float64 per partition of the run: the next offset to read, stored by the thread that reads it (-1: none read yet). */
  readonly positions: SharedArrayBuffer;
  /** Beside `positions`: each partition's high watermark as last fetched (-1: none yet), for the consumer lag. */
  readonly highs: SharedArrayBuffer;
  /** The run's warm-up and phases (absent: none): each record's latencies also go to its segment's. */
  readonly timeline?: Timeline;
  /** One Float64 per thread: records it has read so far, of any run (for `consume --idle`). */
  readonly messages: SharedArrayBuffer;
  /** Three Float64 per thread (CONSUMER_TALLY_CELLS): the run's records received, duplicates and out of order so far. */
  readonly tally: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** A measuring-consumer thread's control block: Int32 cells, then the interval base as a Float64. */
export const ConsumerControl = {
  /** 1: stop reading and report. */
  stop: 0,
  /** 1: fetch nothing (a phase that pauses the consumer); 0: read. */
  paused: 1,
  cells: 2,
  /** Interval logs start here (Unix ms; 0: not yet known): the run's start. */
  baseMsOffset: 8,
  bytes: 16,
} as const;

/** Consumer thread -> coordinator: connected and assigned, reading. */
export interface ConsumerReadyMessage {
  readonly kind: 'consumer-ready';
  readonly thread: number;
}

/**
 * Consumer thread -> coordinator, once per whole second after the base (by receive time), also when
 * nothing arrived: what the thread received in that second, for the .hlog intervals.
 */
export interface ConsumerIntervalMessage {
  readonly kind: 'consumer-interval';
  readonly thread: number;
  /** Seconds after the base. */
  readonly second: number;
  /** Compressed histograms (us) of the second: receive - intended, receive - actual. */
  readonly e2e: string;
  readonly e2e_uncorrected: string;
}

/** Consumer thread -> coordinator: the thread failed (then its task rejects), with the message and exit code to keep. */
export interface ConsumerFailedMessage {
  readonly kind: 'consumer-failed';
  readonly thread: number;
  readonly message: string;
  readonly exitCode: number;
}

/** Consumer thread -> coordinator: records of the run that carried a traceparent header (--trace-sample). */
export interface ConsumerTracedMessage {
  readonly kind: 'consumer-traced';
  readonly thread: number;
  readonly records: readonly TracedReceipt[];
}

/** A sampled record as received: where it was, its traceparent, and when its batch was taken off the queue (us). */
export interface TracedReceipt {
  readonly topicIndex: number;
  readonly partition: number;
  readonly offset: number;
  readonly traceparent: string;
  readonly receivedUs: number;
}

export type ConsumerMessage = ConsumerReadyMessage | ConsumerIntervalMessage | ConsumerTracedMessage | ConsumerFailedMessage;

/** Cells per consumer thread in ConsumerTask.tally: received, duplicates, out of order. */
export const CONSUMER_TALLY_CELLS = 3;

/** A consumer thread's result when it stops. */
export interface ConsumerThreadReport {
  readonly thread: number;
  /** The run it measured (null: it saw no stamped record). */
  readonly runId: string | null;
  readonly messages: number;
  readonly counts: { readonly received: number; readonly duplicates: number; readonly out_of_order: number; readonly foreign: number; readonly unstamped: number };
  readonly negative: number;
  /** producer id -> received slots (SlotSet.encode()). */
  readonly receivedSlots: Readonly<Record<string, EncodedSlotSet>>;
  /** The segments' histograms (warm-up, phases): segment -> metric -> compressed histogram. */
  readonly segments: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** metric -> topic -> compressed whole-run histogram. */
  readonly histograms: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The second the thread was in when it stopped, and what it received in it (after the last interval message). */
  readonly last: { readonly second: number; readonly e2e: string; readonly e2e_uncorrected: string } | null;
  /** Offsets that were out of range (records deleted before they were read): reading resumed at the nearest one held. */
  readonly resets: readonly { readonly topic: string; readonly partition: number; readonly offset: number; readonly resumedAt: number; readonly skipped: number }[];
  /** Sampled records received since the last consumer-traced message (--trace-sample). */
  readonly traced: readonly TracedReceipt[];
}
