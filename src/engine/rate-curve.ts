// A target rate as a function of time: piecewise linear between knots, holding the last knot's rate after
// it. Every load shape (a flat rate, a ramp, k6-like stages, steps, a compressed day, a flash-sale spike,
// jitter) is built as one of these (src/engine/load-profile.ts), and the send schedule is its exact inverse:
// slot i is intended at the first time the curve's integral reaches i (src/engine/pacer.ts). Everything
// here is a pure function with no clock, tested with tables (test/unit/rate-curve.test.ts).
//
// A jump (steps, a spike with no rise) is two knots at the same time: a segment of zero length and zero
// area. The rate at a jump is the later knot's (right-continuous).

export interface RateCurve {
  /** Knot times, seconds from the start: t[0] = 0, never decreasing. */
  readonly t: readonly number[];
  /** The rate at each knot, events/s (>= 0). */
  readonly rate: readonly number[];
  /** The integral of the rate from 0 to each knot: the slots scheduled before it. */
  readonly area: readonly number[];
}

/** Float noise tolerated when a count of slots is read off an integral. */
const EPSILON = 1e-9;

/** A curve through [time s, rate/s] knots (times from 0, never decreasing; rates >= 0, finite). */
export function rateCurve(knots: readonly (readonly [number, number])[]): RateCurve {
  if (knots.length === 0 || knots[0]?.[0] !== 0) throw new RangeError('a rate curve starts with a knot at time 0');
  const t: number[] = [];
  const rate: number[] = [];
  const area: number[] = [];
  for (const [time, r] of knots) {
    const k = t.length;
    if (!Number.isFinite(time) || !Number.isFinite(r) || r < 0) throw new RangeError(`knot ${k}: [${time}, ${r}] is not a time and a rate >= 0`);
    if (k > 0 && time < (t[k - 1] as number)) throw new RangeError(`knot ${k}: time ${time} is before the previous knot's`);
    area.push(k === 0 ? 0 : (area[k - 1] as number) + (((rate[k - 1] as number) + r) / 2) * (time - (t[k - 1] as number)));
    t.push(time);
    rate.push(r);
  }
  return { t, rate, area };
}

/** A flat rate from the start. */
export function flatCurve(rate: number): RateCurve {
  return rateCurve([[0, rate]]);
}

/** The first index of non-decreasing `values` holding `x` or more (their length when none does). */
function firstAtLeast(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The index of the last knot at or before `time` (the segment `time` falls in); -1 before the start. */
function segmentAt(c: RateCurve, time: number): number {
  let lo = -1;
  let hi = c.t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((c.t[mid] as number) <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rate at `time` (right-continuous at a jump; 0 before the start; the last knot's after it). */
export function rateAt(c: RateCurve, time: number): number {
  const k = segmentAt(c, time);
  if (k < 0) return 0;
  const r0 = c.rate[k] as number;
  if (k === c.t.length - 1) return r0;
  const t0 = c.t[k] as number;
  const t1 = c.t[k + 1] as number;
  return r0 + ((c.rate[k + 1] as number) - r0) * ((time - t0) / (t1 - t0));
}

/** The rate just before `time`: rateAt() except at a jump, where it is the earlier knot's. */
export function rateBefore(c: RateCurve, time: number): number {
  const j = firstAtLeast(c.t, time);
  if (j === 0) return c.rate[0] as number;
  if (j === c.t.length) return c.rate[j - 1] as number;
  if (c.t[j] === time) return c.rate[j] as number;
  const t0 = c.t[j - 1] as number;
  const r0 = c.rate[j - 1] as number;
  return r0 + ((c.rate[j] as number) - r0) * ((time - t0) / ((c.t[j] as number) - t0));
}

/** The integral of the rate from 0 to `time`: how many slots are scheduled before it (fractional). */
export function areaAt(c: RateCurve, time: number): number {
  const k = segmentAt(c, time);
  if (k < 0) return 0;
  const tau = time - (c.t[k] as number);
  return (c.area[k] as number) + ((c.rate[k] as number) + rateAt(c, time)) / 2 * tau;
}

/**
 * The intended time of slot `i` (0-based): the first time at which the integral reaches i (slot 0 at 0).
 * Infinity if the curve never gets there (it ends at rate 0 first).
 */
export function timeOfSlot(c: RateCurve, i: number): number {
  if (i <= 0) return 0;
  // The first knot whose area reaches i.
  const lo = firstAtLeast(c.area, i);
  const last = c.t.length - 1;
  if (lo > last) {
    const r = c.rate[last] as number;
    return r > 0 ? (c.t[last] as number) + (i - (c.area[last] as number)) / r : Infinity;
  }
  // Knot lo reaches i and knot lo - 1 does not (lo >= 1, as area[0] = 0 < i): the slot is in that segment.
  const k = lo - 1;
  const t0 = c.t[k] as number;
  const dt = (c.t[lo] as number) - t0;
  const r0 = c.rate[k] as number;
  const slope = ((c.rate[lo] as number) - r0) / dt;
  const need = i - (c.area[k] as number);
  // Solves r0 * tau + slope * tau^2 / 2 = need, in the form that stays exact when slope is 0 or r0 is 0.
  const tau = (2 * need) / (r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * need)));
  return t0 + Math.min(dt, Math.max(0, tau));
}

/** Slots intended at or before `time`: the number of i with timeOfSlot(i) <= time. */
export function slotsBy(c: RateCurve, time: number): number {
  if (time < 0) return 0;
  return Math.floor(areaAt(c, time) + EPSILON) + 1;
}

/** Slots intended strictly before `time`: what a run of that length sends. */
export function slotsBefore(c: RateCurve, time: number): number {
  if (time <= 0) return 0;
  return Math.max(1, Math.ceil(areaAt(c, time) - EPSILON));
}

/**
 * Curves end to end: each part's curve up to its duration (its rate just before the end where a knot lies
 * beyond), the next from where it ends. A change of rate between parts is a jump.
 */
export function concatCurves(parts: readonly { readonly curve: RateCurve; readonly duration: number }[]): RateCurve {
  const knots: [number, number][] = [];
  let offset = 0;
  for (const { curve, duration } of parts) {
    for (let k = 0; k < curve.t.length && (curve.t[k] as number) < duration; k++) knots.push([offset + (curve.t[k] as number), curve.rate[k] as number]);
    knots.push([offset + duration, rateBefore(curve, duration)]);
    offset += duration;
  }
  return rateCurve(knots);
}

/** The highest rate anywhere on the curve. */
export function peakRate(c: RateCurve): number {
  return Math.max(...c.rate);
}

/** True when the curve is one flat rate from the start. */
export function isFlat(c: RateCurve): boolean {
  return c.rate.every((r) => r === c.rate[0]);
}
