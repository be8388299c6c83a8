// The send schedule, as pure functions of the slot index and elapsed time (no clock inside).
//
// Slot i of a scheduled run is intended to be sent at scheduledAt(i) seconds after the start: the first time
// at which the integral of the target rate curve reaches i (src/engine/rate-curve.ts): i / rate for a flat
// rate, and the same inversion for a ramp, stages, a compressed day or a spike (src/engine/load-profile.ts).
// Latency is measured from these intended times (coordinated omission): a slot sent late is sent as soon as
// possible, never skipped, and its lateness is its publish delay. `--rate max` has no intended times: every
// slot is due at once and only the count or the duration ends the run.
//
// The real sending path calls these three: the coordinator raises the threads' budget to dueBy(now +
// look-ahead) (src/run/), each thread waits for scheduledAt(slot) before it sends (workers/producer.ts,
// src/engine/sender.ts), and totalSlots() says when a thread's share is done.
import { areaAt, isFlat, peakRate, rateAt, slotsBefore, slotsBy, timeOfSlot, type RateCurve } from './rate-curve.js';

interface Limits {
  /** Stop after this many slots (Infinity: no limit). */
  readonly count: number;
  /** Scheduled: stop at the first slot scheduled at or after this many seconds; max: stop sending after them (Infinity: no limit). */
  readonly duration: number;
  /**
   * Seconds of warm-up from the start (0: none): its events are sent and measured like the rest, but
   * reported apart and left out of the run's latencies, rates and assertions.
   */
  readonly warmup: number;
}

export type Schedule =
  | (Limits & {
      readonly kind: 'curve';
      /** The target rate over time (events/s). */
      readonly curve: RateCurve;
    })
  | (Limits & { readonly kind: 'max' });

/** Seconds from the start at which slot `i` (0-based) is intended to be sent (0 for every slot of --rate max). */
export function scheduledAt(schedule: Schedule, i: number): number {
  return schedule.kind === 'max' ? 0 : timeOfSlot(schedule.curve, i);
}

/** Slots due by `elapsed` seconds: the number of i with scheduledAt(i) <= elapsed, capped by the limits. */
export function dueBy(schedule: Schedule, elapsed: number): number {
  if (schedule.kind === 'max') return totalSlots(schedule);
  return Math.min(slotsBy(schedule.curve, elapsed), totalSlots(schedule));
}

/** Slots in the whole run: the count, or the slots scheduled before the duration ends; Infinity if unbounded. */
export function totalSlots(schedule: Schedule): number {
  if (schedule.kind === 'max' || schedule.duration === Infinity) return schedule.count;
  return Math.min(schedule.count, slotsBefore(schedule.curve, schedule.duration));
}

/** The slots of the warm-up (intended before it ends), or null for --rate max (its warm-up is by time). */
export function warmupSlots(schedule: Schedule): number | null {
  if (schedule.kind === 'max') return null;
  return schedule.warmup > 0 ? Math.min(slotsBefore(schedule.curve, schedule.warmup), totalSlots(schedule)) : 0;
}

/** The target rate in events/s when it is one flat rate for the whole run, else null (--rate max, a profile). */
export function targetRate(schedule: Schedule): number | null {
  return schedule.kind === 'curve' && isFlat(schedule.curve) ? (schedule.curve.rate[0] as number) : null;
}

/** The mean target rate between two times (seconds from the start), or null for --rate max. */
export function targetBetween(schedule: Schedule, from: number, to: number): number | null {
  if (schedule.kind === 'max') return null;
  if (to <= from) return from >= schedule.duration ? 0 : rateAt(schedule.curve, from);
  const end = Math.min(to, schedule.duration);
  if (end <= from) return 0;
  const slots = Math.min(areaAt(schedule.curve, end), schedule.count) - Math.min(areaAt(schedule.curve, from), schedule.count);
  return Math.max(0, slots) / (to - from);
}

/** The highest target rate of the run (what sizes its chunks), or null for --rate max. */
export function peakTarget(schedule: Schedule): number | null {
  return schedule.kind === 'max' ? null : peakRate(schedule.curve);
}

/**
 * Seconds after the start at which sending must stop whatever is left: a --rate max run's duration. A
 * scheduled run needs none, its duration is already its last slot (totalSlots).
 */
export function sendingDeadline(schedule: Schedule): number {
  return schedule.kind === 'max' ? schedule.duration : Infinity;
}

/** The schedule in a few words, for the start line: "5,000/s", "max", "a profile: 1,000 to 4,000/s over 30 s". */
export function describeSchedule(schedule: Schedule): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const warmup = schedule.warmup > 0 ? ` (the first ${schedule.warmup} s a warm-up)` : '';
  if (schedule.kind === 'max') return `max${warmup}`;
  const flat = targetRate(schedule);
  if (flat !== null) return `${n(flat)}/s${warmup}`;
  const { rate } = schedule.curve;
  const span = schedule.duration === Infinity ? '' : ` over ${schedule.duration} s`;
  return `a profile: ${n(Math.min(...rate))} to ${n(Math.max(...rate))}/s${span}${warmup}`;
}
