// Load shapes (src/engine/load-profile.ts) built into one rate curve: stages, steps, a compressed day, a
// flash-sale spike on top of a base, seeded jitter. Tables of time -> rate, and the totals they imply.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCurve, profileLength, purchaseBoostOf, type LoadProfile } from '../../src/engine/load-profile.js';
import { areaAt, rateAt, rateBefore } from '../../src/engine/rate-curve.js';

const close = (a: number, b: number, eps = 1e-6) => Math.abs(a - b) <= eps;
const of = (base: LoadProfile['base'], more: Partial<LoadProfile> = {}): LoadProfile => ({ base, spikes: [], jitter: null, ...more });
const rates = (p: LoadProfile, horizon: number, times: number[], seed = 1) => {
  const c = buildCurve(p, horizon, seed);
  return times.map((t) => Math.round(rateAt(c, t) * 1000) / 1000);
};

test('stages: linear from the start rate to each stage\'s rate, like k6; the length is their sum', () => {
  const p = of({ kind: 'stages', start: 0, stages: [{ duration: 30, rate: 2000 }, { duration: 60, rate: 2000 }, { duration: 30, rate: 0 }] });
  assert.is(profileLength(p), 120);
  // [0 s, mid-ramp, top, held, mid-fall, end]
  assert.equal(rates(p, 120, [0, 15, 30, 60, 105, 120]), [0, 1000, 2000, 2000, 1000, 0]);
  assert.ok(close(areaAt(buildCurve(p, 120, 1), 120), 30_000 + 120_000 + 30_000), 'the events of the whole profile');
});

test('steps: each rate held, then a jump', () => {
  const p = of({ kind: 'steps', steps: [{ duration: 10, rate: 1000 }, { duration: 10, rate: 4000 }, { duration: 10, rate: 1000 }] });
  const c = buildCurve(p, 30, 1);
  assert.equal([rateAt(c, 9.999), rateBefore(c, 10), rateAt(c, 10), rateAt(c, 19.5), rateAt(c, 20), rateAt(c, 29)], [1000, 1000, 4000, 4000, 1000, 1000]);
  assert.ok(close(areaAt(c, 30), 60_000));
});

test('diurnal: a cosine day compressed into the period, trough 12 h before the peak, repeating', () => {
  const p = of({ kind: 'diurnal', period: 240, min: 2000, max: 50_000, peakHour: 16, weights: null });
  assert.is(profileLength(p), 240);
  // A 240 s period: 10 s per hour. [midnight (a quarter of the way up), 04:00 trough, 10:00, 16:00 peak, 22:00, next day's 04:00]
  assert.equal(rates(p, 480, [0, 40, 100, 160, 220, 280]), [14_000, 2000, 26_000, 50_000, 26_000, 2000]);
  // The mean of a cosine between min and max is their midpoint.
  assert.ok(close(areaAt(buildCurve(p, 240, 1), 240) / 240, 26_000, 26), 'mean within 0.1% (linear between 5-minute knots)');
});

test('diurnal: 24 hourly weights, the heaviest hour at max (and the lightest at min, when given)', () => {
  const weights = Array.from({ length: 24 }, (_, h) => (h < 6 ? 1 : h < 18 ? 3 : 5));
  assert.equal(rates(of({ kind: 'diurnal', period: 24, min: null, max: 5000, peakHour: 16, weights }), 24, [0, 5, 6, 12, 18, 23.5]), [1000, 1000, 3000, 3000, 5000, 3000]);
  assert.equal(rates(of({ kind: 'diurnal', period: 24, min: 1000, max: 5000, peakHour: 16, weights }), 24, [0, 6, 18]), [1000, 3000, 5000]);
});

test('a spike multiplies any base: rise, hold, fall; the purchase boost follows its height', () => {
  const spike = { at: 60, rise: 5, factor: 10, hold: 30, fall: 10, purchases: 3 };
  const p = of({ kind: 'flat', rate: 1000, ramp: 0 }, { spikes: [spike] });
  assert.is(profileLength(p), Infinity, 'a flat base has no end of its own');
  // [before, mid-rise, top, held, mid-fall, after]
  assert.equal(rates(p, 200, [59, 62.5, 65, 90, 100, 120]), [1000, 5500, 10_000, 10_000, 5500, 1000]);
  const boost = purchaseBoostOf(p.spikes);
  assert.equal([59, 62.5, 65, 100, 120].map((t) => boost?.(t)), [1, 2, 3, 2, 1]);
  // On a ramping base the product is evaluated at both parts' knots, linear in between.
  const ramped = of({ kind: 'stages', start: 0, stages: [{ duration: 100, rate: 1000 }] }, { spikes: [{ ...spike, rise: 0, purchases: 1 }] });
  const c = buildCurve(ramped, 100, 1);
  assert.equal([rateBefore(c, 60), rateAt(c, 60), rateAt(c, 80)], [600, 6000, 8000]);
  assert.is(purchaseBoostOf(ramped.spikes), null, 'purchases: 1 leaves the mix alone');
});

test('jitter: seeded, so the same seed gives the same curve; never negative; about the requested spread', () => {
  const p = of({ kind: 'flat', rate: 10_000, ramp: 0 }, { jitter: { sd: 0.1, every: 1 } });
  const times = Array.from({ length: 2000 }, (_, i) => i);
  const a = rates(p, 2000, times, 7);
  assert.equal(a, rates(p, 2000, times, 7));
  assert.not.equal(a, rates(p, 2000, times, 8));
  assert.ok(a.every((r) => r >= 0));
  const mean = a.reduce((s, r) => s + r, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, r) => s + (r - mean) ** 2, 0) / a.length);
  assert.ok(Math.abs(mean - 10_000) < 100 && Math.abs(sd - 1000) < 100, `mean ${mean}, sd ${sd}`);
  assert.throws(() => buildCurve(p, Infinity, 1), /jitter needs an end/);
});

test.run();
