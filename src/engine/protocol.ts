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
import type { Schedule } from './pacer.js';
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
  readonly worker: number;
  readonly workers: number;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly schemasDir: string;
  readonly injectInvalid: number;
  readonly schedule: Schedule;
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

/** Slots per chunk: about 20 ms of sending at the target rate, within sane bounds. */
export function chunkSlotsFor(rate: number): number {
  if (rate === Infinity) return 2048;
  return Math.max(16, Math.min(2048, Math.round(rate * 0.02)));
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
}

/** A producer thread's result: its generator report, and what its producer measured over the whole run. */
export interface ProducerReport extends GeneratorReport, ThreadResults {}
