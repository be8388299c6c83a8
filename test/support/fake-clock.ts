// Fake time for the run's engine: time moves only when the code under test waits (sleep) or a test calls
// advance(), and the timers due on the way fire in order, so budget raises, the once-a-second monitor, the
// stall abort and deadlines happen at exact fake times, whatever the machine's load.
import type { TimerClock } from '../../src/engine/clock.js';

interface Timer {
  readonly id: number;
  at: number;
  readonly periodUs: number | null;
  readonly fn: () => void;
}

export class FakeTimerClock implements TimerClock {
  private timers: Timer[] = [];
  private nextId = 0;

  constructor(public us: number) {}

  nowUs(): number {
    return this.us;
  }

  /** A zero wait still costs 10 us, as a turn of the event loop would; the real loop turns too. */
  sleep(ms: number): Promise<void> {
    this.advance(Math.max(ms * 1000, 10));
    return new Promise((resolve) => setImmediate(resolve));
  }

  every(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, true);
  }

  after(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, false);
  }

  /** Moves time forward by `us`, firing each timer due on the way at its own time. */
  advance(us: number): void {
    const target = this.us + us;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.us = Math.max(this.us, due.at);
      if (due.periodUs === null) this.timers = this.timers.filter((t) => t !== due);
      else due.at += due.periodUs;
      due.fn();
    }
    this.us = Math.max(this.us, target);
  }

  /** Timers not yet cancelled (a finished run must leave none). */
  get pending(): number {
    return this.timers.length;
  }

  private add(ms: number, fn: () => void, repeat: boolean): () => void {
    const periodUs = Math.max(1, ms * 1000);
    const timer: Timer = { id: this.nextId++, at: this.us + periodUs, periodUs: repeat ? periodUs : null, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
}

/**
 * Moves fake time on in 100 ms steps, with a real pause between for threads that run on real time, until
 * `done` settles (or `limitS` fake seconds have passed); returns `done`.
 */
export async function driveUntilSettled<T>(clock: FakeTimerClock, done: Promise<T>, limitS = 60): Promise<T> {
  let settled = false;
  done.then(() => (settled = true), () => (settled = true));
  for (let steps = 0; !settled && steps < limitS * 10; steps++) {
    clock.advance(100_000);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return done;
}
