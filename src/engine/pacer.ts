// The send schedule, as pure functions of the slot index and elapsed time (no clock inside).
//
// Slot i of a fixed-rate run is intended to be sent at scheduledAt(i) seconds after the start: i / rate, or
// with a linear ramp from 0 to `rate` over `ramp` seconds, the time at which the ramp's integral reaches i.
// Latency is measured from these intended times (coordinated omission): a slot sent late is sent as soon as
// possible, never skipped, and its lateness is its publish delay. `--rate max` has no intended times: every
// slot is due at once and only the count or the duration ends the run.
//
// The real sending path calls these three: the coordinator raises the threads' budget to dueBy(now +
// look-ahead) (src/run/), each thread waits for scheduledAt(slot) before it sends (workers/producer.ts,
// src/engine/sender.ts), and totalSlots() says when a thread's share is done.

interface Limits {
  /** Stop after this many slots (Infinity: no limit). */
  readonly count: number;
  /** Fixed: stop at the first slot scheduled at or after this many seconds; max: stop sending after them (Infinity: no limit). */
  readonly duration: number;
}

export type Schedule =
  | (Limits & {
      readonly kind: 'fixed';
      /** Events per second after the ramp. */
      readonly rate: number;
      /** Seconds over which the rate rises linearly from 0 (0: no ramp). */
      readonly ramp: number;
    })
  | (Limits & { readonly kind: 'max' });

/** Seconds from the start at which slot `i` (0-based) is intended to be sent (0 for every slot of --rate max). */
export function scheduledAt(schedule: Schedule, i: number): number {
  if (schedule.kind === 'max') return 0;
  const { rate, ramp } = schedule;
  const rampSlots = (rate * ramp) / 2; // slots sent during the ramp: the area of the triangle
  if (i < rampSlots) return Math.sqrt((2 * ramp * i) / rate);
  return ramp + (i - rampSlots) / rate;
}

/** Slots due by `elapsed` seconds: the number of i with scheduledAt(i) <= elapsed, capped by the limits. */
export function dueBy(schedule: Schedule, elapsed: number): number {
  if (schedule.kind === 'max') return totalSlots(schedule);
  const { rate, ramp } = schedule;
  let due: number;
  if (elapsed < 0) due = 0;
  else if (elapsed < ramp) due = Math.floor((rate * elapsed * elapsed) / (2 * ramp)) + 1;
  else due = Math.floor((rate * ramp) / 2 + (elapsed - ramp) * rate + 1e-9) + 1;
  return Math.min(due, totalSlots(schedule));
}

/** Slots in the whole run: the count, or the slots scheduled before the duration ends; Infinity if unbounded. */
export function totalSlots(schedule: Schedule): number {
  if (schedule.kind === 'max' || schedule.duration === Infinity) return schedule.count;
  const { rate, ramp, duration } = schedule;
  const byDuration = duration <= ramp ? Math.ceil((rate * duration * duration) / (2 * ramp)) : Math.ceil((rate * ramp) / 2 + (duration - ramp) * rate);
  return Math.min(schedule.count, byDuration);
}

/** The target rate in events/s, or null for --rate max. */
export function targetRate(schedule: Schedule): number | null {
  return schedule.kind === 'fixed' ? schedule.rate : null;
}

/**
 * Seconds after the start at which sending must stop whatever is left: a --rate max run's duration. A
 * fixed-rate run needs none, its duration is already its last slot (totalSlots).
 */
export function sendingDeadline(schedule: Schedule): number {
  return schedule.kind === 'max' ? schedule.duration : Infinity;
}
