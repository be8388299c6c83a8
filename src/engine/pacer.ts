// The send schedule, as pure functions of the slot index and elapsed time (no clock inside).
//
// Slot i of a run is intended to be sent at scheduledAt(i) seconds after the start: i / rate, or with a
// linear ramp from 0 to `rate` over `ramp` seconds, the time at which the ramp's integral reaches i. Latency
// is measured from these intended times (coordinated omission): a slot sent late is sent as soon as
// possible, never skipped, and its lateness is its publish delay.

export interface Schedule {
  /** Events per second after the ramp; Infinity for --rate max (every slot is due at once). */
  readonly rate: number;
  /** Seconds over which the rate rises linearly from 0 (0: no ramp). */
  readonly ramp: number;
  /** Stop after this many slots (Infinity: no limit). */
  readonly count: number;
  /** Stop at the first slot scheduled at or after this many seconds (Infinity: no limit). */
  readonly duration: number;
}

/** Seconds from the start at which slot `i` (0-based) is intended to be sent. */
export function scheduledAt(schedule: Schedule, i: number): number {
  const { rate, ramp } = schedule;
  if (rate === Infinity) return 0;
  const rampSlots = (rate * ramp) / 2; // slots sent during the ramp: the area of the triangle
  if (i < rampSlots) return Math.sqrt((2 * ramp * i) / rate);
  return ramp + (i - rampSlots) / rate;
}

/** Slots due by `elapsed` seconds: the number of i with scheduledAt(i) <= elapsed, capped by the limits. */
export function dueBy(schedule: Schedule, elapsed: number): number {
  const { rate, ramp } = schedule;
  let due: number;
  if (rate === Infinity) due = Infinity;
  else if (elapsed < 0) due = 0;
  else if (elapsed < ramp) due = Math.floor((rate * elapsed * elapsed) / (2 * ramp)) + 1;
  else due = Math.floor((rate * ramp) / 2 + (elapsed - ramp) * rate + 1e-9) + 1;
  return Math.min(due, totalSlots(schedule));
}

/** Slots in the whole run: the count, or the slots scheduled before the duration ends; Infinity if unbounded. */
export function totalSlots(schedule: Schedule): number {
  let total = schedule.count;
  if (schedule.duration !== Infinity && schedule.rate !== Infinity) {
    const { rate, ramp, duration } = schedule;
    const byDuration = duration <= ramp ? Math.ceil((rate * duration * duration) / (2 * ramp)) : Math.ceil((rate * ramp) / 2 + (duration - ramp) * rate);
    total = Math.min(total, byDuration);
  }
  return total;
}

export type PacerDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'wait'; readonly seconds: number }
  | { readonly kind: 'stop' };

/**
 * What to do with the next slot, given seconds elapsed since the start and slots sent so far: send it now
 * (it is due, or overdue), wait until it is, or stop (the count is reached, or a --rate max run's duration
 * is over). Like vegeta's Pacer: a pure function tested with tables and no clock.
 */
export function pace(schedule: Schedule, elapsed: number, sent: number): PacerDecision {
  if (sent >= totalSlots(schedule)) return { kind: 'stop' };
  if (schedule.rate === Infinity) return elapsed >= schedule.duration ? { kind: 'stop' } : { kind: 'send' };
  const at = scheduledAt(schedule, sent);
  return at <= elapsed ? { kind: 'send' } : { kind: 'wait', seconds: at - elapsed };
}
