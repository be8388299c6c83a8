// Load shapes: what `--profile` describes (parsed in src/config/profile-spec.ts), built into one rate curve
// (src/engine/rate-curve.ts) whose inverse is the send schedule. A profile is a base shape (a flat rate with
// an optional ramp, k6-like stages, steps, or a day compressed into a period), any number of flash-sale
// spikes multiplying it, and optional seeded Gaussian jitter. The parts are multiplied at every knot of
// every part and the result is linear between those knots: that curve *is* the target, so the schedule
// is exact for it and `--seed` replays the same send times.
import { normalQuantile } from '../model/distributions.js';
import { unitHash } from '../model/random.js';
import { rateAt, rateBefore, rateCurve, type RateCurve } from './rate-curve.js';

export interface Stage {
  /** Seconds (> 0). */
  readonly duration: number;
  /** Events/s (>= 0). */
  readonly rate: number;
}

export type BaseShape =
  /** One rate, after an optional linear ramp from 0 (`--rate`, `--ramp`). */
  | { readonly kind: 'flat'; readonly rate: number; readonly ramp: number }
  /** Linear from the previous stage's rate (from `start` for the first) to each stage's, like k6's stages. */
  | { readonly kind: 'stages'; readonly start: number; readonly stages: readonly Stage[] }
  /** Each step's rate held for its duration, then a jump to the next. */
  | { readonly kind: 'steps'; readonly steps: readonly Stage[] }
  /**
   * A 24-hour day compressed into `period` seconds, repeating: a cosine between min and max peaking at
   * `peakHour`, or 24 hourly weights (linear between hours) scaled so the heaviest hour is `max` (and the
   * lightest `min`, when given).
   */
  | { readonly kind: 'diurnal'; readonly period: number; readonly min: number | null; readonly max: number; readonly peakHour: number; readonly weights: readonly number[] | null };

/** A flash sale: the base multiplied by 1 rising linearly to `factor`, held, then falling back to 1. */
export interface Spike {
  readonly at: number;
  readonly rise: number;
  readonly factor: number;
  readonly hold: number;
  readonly fall: number;
  /**
   * How much more likely a session is to buy at the spike's height (1: the mix does not follow the load);
   * in between, in proportion to how far the spike has risen.
   */
  readonly purchases: number;
}

/** Multiplies the rate by max(0, 1 + sd * z), z standard normal drawn from the seed every `every` seconds (linear in between). */
export interface Jitter {
  readonly sd: number;
  readonly every: number;
}

export interface LoadProfile {
  readonly base: BaseShape;
  readonly spikes: readonly Spike[];
  readonly jitter: Jitter | null;
}

/** Knots of a compressed day: every 5 minutes of the day (hourly weights' hours fall on knots). */
const DIURNAL_KNOTS_PER_PERIOD = 288;
/** The most knots a profile may have (a day of 1-second jitter is 86,400). */
export const MAX_KNOTS = 1_000_000;

/** The profile's own length in seconds: the stages' or steps' total, one period of a day; Infinity for a flat rate. */
export function profileLength(profile: LoadProfile): number {
  const { base } = profile;
  switch (base.kind) {
    case 'flat':
      return Infinity;
    case 'stages':
      return base.stages.reduce((s, st) => s + st.duration, 0);
    case 'steps':
      return base.steps.reduce((s, st) => s + st.duration, 0);
    case 'diurnal':
      return base.period;
  }
}

/**
 * The profile as one rate curve up to `horizon` seconds (the run's duration; Infinity only for shapes that
 * end or hold: a repeating day and jitter need an end). After its last knot the curve holds its last rate.
 */
export function buildCurve(profile: LoadProfile, horizon: number, seed: number): RateCurve {
  const parts = [baseCurve(profile.base, horizon), ...profile.spikes.map(spikeCurve)];
  if (profile.jitter) parts.push(jitterCurve(profile.jitter, horizon, seed));
  return multiply(parts);
}

/**
 * The spikes' purchase boost as a function of seconds from the start (1 outside them; src/model/
 * session-model.ts multiplies a session's chance to buy by it), or null when no spike changes the mix.
 */
export function purchaseBoostOf(spikes: readonly Spike[]): ((time: number) => number) | null {
  const boosting = spikes.filter((s) => s.purchases !== 1 && s.factor !== 1).map((s) => ({ spike: s, curve: spikeCurve(s) }));
  if (boosting.length === 0) return null;
  return (time) => {
    let boost = 1;
    for (const { spike, curve } of boosting) boost *= 1 + ((spike.purchases - 1) * (rateAt(curve, time) - 1)) / (spike.factor - 1);
    return boost;
  };
}

function baseCurve(base: BaseShape, horizon: number): RateCurve {
  switch (base.kind) {
    case 'flat':
      return rateCurve(base.ramp > 0 ? [[0, 0], [base.ramp, base.rate]] : [[0, base.rate]]);
    case 'stages': {
      const knots: [number, number][] = [[0, base.start]];
      let t = 0;
      for (const stage of base.stages) knots.push([(t += stage.duration), stage.rate]);
      return rateCurve(knots);
    }
    case 'steps': {
      const knots: [number, number][] = [];
      let t = 0;
      for (const step of base.steps) knots.push([t, step.rate], [(t += step.duration), step.rate]);
      return rateCurve(knots);
    }
    case 'diurnal':
      return diurnalCurve(base, horizon);
  }
}

function diurnalCurve(base: Extract<BaseShape, { kind: 'diurnal' }>, horizon: number): RateCurve {
  if (!Number.isFinite(horizon)) throw new RangeError('a diurnal profile needs an end (its period, or --duration)');
  const step = base.period / DIURNAL_KNOTS_PER_PERIOD;
  const knots = Math.ceil(horizon / step) + 1;
  if (knots > MAX_KNOTS) throw new RangeError(`a diurnal profile of ${knots} knots (over ${MAX_KNOTS}): use a longer period or a shorter --duration`);
  const dayRate = dayCurve(base);
  const points: [number, number][] = [];
  for (let k = 0; k < knots; k++) points.push([k * step, dayRate((k % DIURNAL_KNOTS_PER_PERIOD) * (24 / DIURNAL_KNOTS_PER_PERIOD))]);
  return rateCurve(points);
}

/** The rate at an hour of the day (0 <= hour < 24). */
function dayCurve(base: Extract<BaseShape, { kind: 'diurnal' }>): (hour: number) => number {
  const { weights, max } = base;
  if (weights === null) {
    const min = base.min ?? 0;
    const trough = base.peakHour - 12;
    return (hour) => min + ((max - min) * (1 - Math.cos((2 * Math.PI * (hour - trough)) / 24))) / 2;
  }
  const top = Math.max(...weights);
  const bottom = Math.min(...weights);
  const scale = (w: number) => (base.min === null || top === bottom ? (max * w) / top : base.min + ((max - base.min) * (w - bottom)) / (top - bottom));
  return (hour) => {
    const h = Math.floor(hour);
    const w0 = weights[h % 24] as number;
    const w1 = weights[(h + 1) % 24] as number;
    return scale(w0 + (w1 - w0) * (hour - h));
  };
}

function spikeCurve(spike: Spike): RateCurve {
  const { at, rise, factor, hold, fall } = spike;
  const knots: [number, number][] = at > 0 ? [[0, 1], [at, 1]] : [[0, 1]];
  knots.push([at + rise, factor], [at + rise + hold, factor], [at + rise + hold + fall, 1]);
  return rateCurve(knots);
}

function jitterCurve(jitter: Jitter, horizon: number, seed: number): RateCurve {
  if (!Number.isFinite(horizon)) throw new RangeError('jitter needs an end (a profile with a length, or --duration)');
  const knots = Math.ceil(horizon / jitter.every) + 1;
  if (knots > MAX_KNOTS) throw new RangeError(`jitter of ${knots} knots (over ${MAX_KNOTS}): use a longer "every"`);
  const points: [number, number][] = [];
  for (let k = 0; k < knots; k++) {
    // (hash + 0.5) / 2^32 is strictly inside (0, 1), so the quantile is finite.
    const z = normalQuantile(unitHash(seed, 0x6a177e5, k) + 0.5 / 4294967296);
    points.push([k * jitter.every, Math.max(0, 1 + jitter.sd * z)]);
  }
  return rateCurve(points);
}

/** The product of curves, evaluated at every knot of each (both sides of a jump) and linear in between. */
function multiply(parts: readonly RateCurve[]): RateCurve {
  const [first, ...rest] = parts;
  if (!first) throw new RangeError('no curve to multiply');
  if (rest.length === 0) return first;
  const times = [...new Set(parts.flatMap((c) => c.t))].sort((a, b) => a - b);
  if (times.length > MAX_KNOTS) throw new RangeError(`a profile of ${times.length} knots (over ${MAX_KNOTS})`);
  const product = (at: (c: RateCurve) => number) => parts.reduce((p, c) => p * at(c), 1);
  const knots: [number, number][] = [];
  for (const time of times) {
    const before = product((c) => rateBefore(c, time));
    const after = product((c) => rateAt(c, time));
    if (time > 0 && before !== after) knots.push([time, before]);
    knots.push([time, after]);
  }
  return rateCurve(knots);
}
