// The run's time: wall-clock microseconds, waiting, and timers, passed in everywhere so that tests run the
// engine on fake time (test/support/fake-clock.ts) and every timer a run starts is one the test controls.
/** Wall-clock time and waiting, injectable for tests. */
export interface Clock {
  /** Microseconds since the Unix epoch (performance.timeOrigin + performance.now(): one clock for all threads). */
  nowUs(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A clock that also owns timers, so that a run's periodic work (the budget, the once-a-second monitor, the
 * stall abort, the --duration deadline) runs on fake time in tests, exactly.
 */
export interface TimerClock extends Clock {
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /** Calls `fn` once after `ms` unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: TimerClock = {
  nowUs: () => (performance.timeOrigin + performance.now()) * 1000,
  sleep: (ms) => new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms))),
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
