// The coordinator's step: how many chunks the generating threads may have made by now. A pure function of
// the schedule and of what the threads report (chunks sent, records in flight), called every 5 ms by both
// producer designs' coordinators (src/run/), which store the result in shared memory for the threads.
//
// Three bounds, whichever is lowest:
// - time: the chunks due within LOOKAHEAD_S of now, so threads generate ahead of the schedule but not far;
// - memory: at most `maxBuffered` chunks beyond those sent, so a slow client does not pile up generated data;
// - delivery: while more than the high water mark of records await their report, the budget does not rise.
import type { TimerClock } from './clock.js';
import { dueBy, type Schedule } from './pacer.js';
import { Control } from './protocol.js';

/**
 * How long after every thread is ready slot 0 is due (unless --start-at says when). Each thread builds its
 * first chunk in that time, all at once: with 50 ms, 8 threads at 50,000 events/s on 2 cores sent the first
 * second's records up to 67-193 ms late (p99), with 250 ms and the longer warm-up 3-6 ms (runs of 6 s).
 */
export const START_LEAD_MS = 250;

/** How far ahead of the schedule generators may work. */
export const LOOKAHEAD_S = 0.25;
/** Stop raising the budget while this many records await their delivery report (bounds memory). */
export const IN_FLIGHT_HIGH_WATER = 50_000;
/** The budget lives in an Int32Array cell. */
const MAX_CHUNKS = 2 ** 31 - 1;

export interface BudgetPolicy {
  readonly schedule: Schedule;
  readonly chunkSlots: number;
  readonly workers: number;
  readonly inFlightHighWater: number;
  /** Instances sharing the run (default 1): chunk numbers are the run's, while chunksSent counts this instance's. */
  readonly instances?: number;
}

export interface BudgetState {
  /** Seconds since slot 0's intended time. */
  readonly elapsedS: number;
  /** Chunks handed to the client so far. */
  readonly chunksSent: number;
  readonly inFlight: number;
  /** The budget now. */
  readonly allowed: number;
}

/** Chunks a run may have beyond those sent: two per thread, at least four. */
export function maxBuffered(workers: number): number {
  return Math.max(4, 2 * workers);
}

/** The new budget (chunks that may have been generated), or null to leave it as it is: it never falls. */
export function nextBudget(policy: BudgetPolicy, state: BudgetState): number | null {
  if (state.inFlight > policy.inFlightHighWater) return null;
  const due = Math.ceil(dueBy(policy.schedule, state.elapsedS + LOOKAHEAD_S) / policy.chunkSlots);
  const allowed = Math.min(due, (state.chunksSent + maxBuffered(policy.workers)) * (policy.instances ?? 1), MAX_CHUNKS);
  return allowed > state.allowed ? allowed : null;
}

/**
 * Raises the budget in `cells` (Control.allowedChunks) now and every 5 ms on `clock`, waking the threads
 * that wait for it. Returns the function that stops it.
 */
export function startBudget(o: {
  readonly clock: TimerClock;
  readonly cells: Int32Array;
  readonly t0Us: number;
  readonly policy: BudgetPolicy;
  readonly chunksSent: () => number;
  readonly inFlight: () => number;
}): () => void {
  const raise = () => {
    const allowed = nextBudget(o.policy, {
      elapsedS: (o.clock.nowUs() - o.t0Us) / 1e6, chunksSent: o.chunksSent(), inFlight: o.inFlight(), allowed: Atomics.load(o.cells, Control.allowedChunks),
    });
    if (allowed === null) return;
    Atomics.store(o.cells, Control.allowedChunks, allowed);
    Atomics.notify(o.cells, Control.allowedChunks);
  };
  raise();
  return o.clock.every(5, raise);
}
