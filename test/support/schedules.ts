// Schedules for tests: a flat rate (src/engine/pacer.ts's 'curve' kind with one knot) and --rate max.
import type { Schedule } from '../../src/engine/pacer.js';
import { flatCurve, rateCurve } from '../../src/engine/rate-curve.js';

type Limits = Partial<{ count: number; duration: number; warmup: number }>;

/** `rate` events/s from the start (after a linear ramp of `ramp` seconds from 0, if given). */
export function steadySchedule(rate: number, limits: Limits = {}, ramp = 0): Schedule {
  const curve = ramp > 0 ? rateCurve([[0, 0], [ramp, rate]]) : flatCurve(rate);
  return { kind: 'curve', curve, count: limits.count ?? Infinity, duration: limits.duration ?? Infinity, warmup: limits.warmup ?? 0 };
}

export function maxSchedule(limits: Limits = {}): Schedule {
  return { kind: 'max', count: limits.count ?? Infinity, duration: limits.duration ?? Infinity, warmup: limits.warmup ?? 0 };
}
