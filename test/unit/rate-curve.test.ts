// The rate curve (src/engine/rate-curve.ts) and its inverse, as tables with no clock: slot i is intended at
// the first time the integral of the rate reaches i, so the schedule is exact for any shape.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { areaAt, rateAt, rateBefore, rateCurve, slotsBefore, slotsBy, timeOfSlot } from '../../src/engine/rate-curve.js';

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps;

test('rate and integral: linear between knots, jumps right-continuous, the last rate held', () => {
  // 0 -> 1,000/s over 10 s, held to 20 s, a jump to 3,000/s, then held.
  const c = rateCurve([[0, 0], [10, 1000], [20, 1000], [20, 3000]]);
  // [time s, rate, rate just before, integral]
  const table: [number, number, number, number][] = [
    [-1, 0, 0, 0],
    [0, 0, 0, 0],
    [5, 500, 500, 1250], // a triangle: 5 * 500 / 2
    [10, 1000, 1000, 5000],
    [15, 1000, 1000, 10_000],
    [20, 3000, 1000, 15_000], // at the jump: the later rate; just before it, the earlier one
    [21, 3000, 3000, 18_000], // after the last knot its rate holds
  ];
  for (const [t, rate, before, area] of table) {
    assert.ok(close(rateAt(c, t), rate), `rate at ${t}: ${rateAt(c, t)}`);
    assert.ok(close(rateBefore(c, t), before), `rate before ${t}: ${rateBefore(c, t)}`);
    assert.ok(close(areaAt(c, t), area, 1e-6), `area at ${t}: ${areaAt(c, t)}`);
  }
});

test('the inverse: timeOfSlot(i) is where the integral reaches i; exact on ramps up, ramps down and steps', () => {
  const c = rateCurve([[0, 0], [10, 1000], [20, 1000], [20, 3000], [30, 0]]);
  // [slot, seconds]
  const table: [number, number][] = [
    [0, 0],
    [50, 1], // 1000 t^2 / 20 = 50 at t = 1
    [1250, 5],
    [5000, 10],
    [15_000, 20], // the last slot at 1,000/s is exactly at the jump
    [15_003, 20.00100005], // falling from 3,000/s at 300/s^2: 3000 t - 150 t^2 = 3
    [30_000, 30], // the ramp down from 3,000/s to 0 over 10 s holds 15,000 slots
  ];
  for (const [i, t] of table) assert.ok(close(timeOfSlot(c, i), t, 1e-8), `slot ${i}: ${timeOfSlot(c, i)}`);
  assert.is(timeOfSlot(c, 30_001), Infinity, 'the curve ends at rate 0: never reached');
  // Ramping down: 2 slots in the last ms before 30 s would be too many; the spacing widens as the rate falls.
  assert.ok(timeOfSlot(c, 29_999) < timeOfSlot(c, 30_000));
});

test('monotonic with no slot skipped: slotsBy(timeOfSlot(i)) = i + 1 over a curve with every kind of segment', () => {
  const c = rateCurve([[0, 200], [3, 200], [3, 5000], [4, 0], [5, 0], [5, 700], [9, 2500]]);
  let previous = -1;
  for (let i = 0; i < 12_000; i++) {
    const t = timeOfSlot(c, i);
    assert.ok(t >= previous, `slot ${i} at ${t} before slot ${i - 1} at ${previous}`);
    assert.is(slotsBy(c, t), i + 1, `slot ${i} at ${t}`);
    previous = t;
  }
  // No slot in the zero-rate gap [4, 5): slot times jump from before 4 s to 5 s or later.
  const inGap = Array.from({ length: 12_000 }, (_, i) => timeOfSlot(c, i)).filter((t) => t > 4 && t < 5);
  assert.equal(inGap, []);
});

test('exact totals: slotsBefore(d) is the number of slots a run of d seconds sends', () => {
  const c = rateCurve([[0, 1000], [10, 1000], [10, 4000], [20, 4000], [20, 1000]]);
  // [duration s, slots]
  const table: [number, number][] = [[0, 0], [0.0005, 1], [1, 1000], [10, 10_000], [20, 50_000], [30, 60_000]];
  for (const [d, n] of table) assert.is(slotsBefore(c, d), n, `${d} s`);
});

test('bad knots are refused', () => {
  assert.throws(() => rateCurve([]), /time 0/);
  assert.throws(() => rateCurve([[1, 5]]), /time 0/);
  assert.throws(() => rateCurve([[0, 5], [2, 1], [1, 1]]), /before the previous/);
  assert.throws(() => rateCurve([[0, -1]]), />= 0/);
  assert.throws(() => rateCurve([[0, Number.NaN]]), />= 0/);
});

test.run();
