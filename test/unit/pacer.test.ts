// The schedule (src/engine/pacer.ts): tables of slot -> intended time and time -> slots due, with no clock.
// These are the functions the sending path calls: the coordinator's budget (dueBy), each thread's wait
// (scheduledAt) and the end of a thread's share (totalSlots).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeSchedule, dueBy, scheduledAt, sendingDeadline, targetBetween, targetRate, totalSlots, warmupSlots, type Schedule } from '../../src/engine/pacer.js';
import { rateCurve } from '../../src/engine/rate-curve.js';
import { maxSchedule, steadySchedule } from '../support/schedules.js';

const steady: Schedule = steadySchedule(100);
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('a steady schedule: slot i at i / rate', () => {
  // [slot, seconds]
  const table: [number, number][] = [[0, 0], [1, 0.01], [99, 0.99], [100, 1], [12_345, 123.45]];
  for (const [i, at] of table) assert.ok(close(scheduledAt(steady, i), at), `slot ${i}: ${scheduledAt(steady, i)}`);
});

test('dueBy() counts slots scheduled at or before a time, and is the inverse of scheduledAt()', () => {
  // [elapsed s, due]
  const table: [number, number][] = [
    [-1, 0], // before the start: nothing
    [0, 1], // slot 0 is due at the start
    [0.0099, 1],
    [0.01, 2], // slot 1 at 10 ms
    [1, 101],
    [500, 50_001], // far behind: every slot still due (never skipped), lateness is their publish delay
  ];
  for (const [elapsed, due] of table) assert.is(dueBy(steady, elapsed), due, `${elapsed}`);
  for (const i of [0, 1, 7, 1000, 54_321]) assert.is(dueBy(steady, scheduledAt(steady, i)), i + 1, `slot ${i}`);
});

test('limits: --count stops after that many; --duration before the first slot at or past it', () => {
  // [schedule, total slots]
  const table: [Schedule, number][] = [
    [{ ...steady, count: 500 }, 500],
    [{ ...steady, duration: 2 }, 200], // slots 0..199 are at 0 .. 1.99 s
    [{ ...steady, count: 50, duration: 2 }, 50], // whichever comes first
    [steady, Infinity],
  ];
  for (const [schedule, total] of table) assert.is(totalSlots(schedule), total, JSON.stringify(schedule));
  assert.is(dueBy({ ...steady, count: 500 }, 100), 500, 'the budget never passes the count');
  assert.is(sendingDeadline({ ...steady, duration: 2 }), Infinity, 'a scheduled run ends with its last slot, not a timer');
});

test('a ramp rises linearly: half the slots of a steady run during the ramp, then the full rate', () => {
  const ramped: Schedule = steadySchedule(1000, {}, 10);
  // The ramp's integral: rate * t^2 / (2 * ramp) slots by time t < ramp.
  // [elapsed s, slots due]
  const table: [number, number][] = [[0, 1], [1, 51], [5, 1251], [10, 5001], [11, 6001]];
  for (const [elapsed, due] of table) assert.is(dueBy(ramped, elapsed), due, `${elapsed}`);
  for (const i of [0, 1, 50, 4999, 5000, 5001, 20_000]) assert.is(dueBy(ramped, scheduledAt(ramped, i)), i + 1, `slot ${i}`);
  // The instantaneous rate: slots in [t, t + 0.1 s) ~ rate * t / ramp during the ramp.
  assert.ok(Math.abs(dueBy(ramped, 5.1) - dueBy(ramped, 5) - 50) <= 1);
  assert.is(totalSlots({ ...ramped, duration: 20 }), 15_000);
});

test('--rate max: every slot is due at once; only the count or the duration (a timer) ends the run', () => {
  const max: Schedule = maxSchedule({ duration: 3 });
  assert.is(scheduledAt(max, 1_000_000), 0);
  assert.is(dueBy(max, 0), Infinity);
  assert.is(totalSlots(max), Infinity, 'the duration does not bound the slots: sending stops at its deadline');
  assert.is(sendingDeadline(max), 3);
  assert.is(dueBy({ ...max, count: 5 }, 0), 5);
  assert.is(targetRate(max), null);
  assert.is(targetRate(steady), 100);
});

test('a profile: steps of 1,000 -> 4,000 -> 1,000/s, 10 s each; targets per second and the warm-up\'s slots', () => {
  const steps: Schedule = { kind: 'curve', curve: rateCurve([[0, 1000], [10, 1000], [10, 4000], [20, 4000], [20, 1000], [30, 1000]]), count: Infinity, duration: 30, warmup: 5 };
  assert.is(totalSlots(steps), 60_000);
  // [from s, to s, mean target /s]
  const table: [number, number, number][] = [[0, 1, 1000], [9, 10, 1000], [10, 11, 4000], [9.5, 10.5, 2500], [19, 20, 4000], [20, 21, 1000], [29, 30, 1000], [30, 31, 0]];
  for (const [from, to, rate] of table) assert.ok(Math.abs((targetBetween(steps, from, to) as number) - rate) < 1e-6, `${from}-${to}: ${targetBetween(steps, from, to)}`);
  assert.is(targetRate(steps), null, 'no one flat rate');
  assert.is(warmupSlots(steps), 5000, 'the slots intended in the first 5 s');
  assert.is(warmupSlots(steadySchedule(100)), 0);
  assert.is(warmupSlots(maxSchedule({ warmup: 2 })), null, '--rate max: the warm-up is by time');
  // Slot 10,000 is the first of the 4,000/s step; slot 50,000 the first of the last step.
  assert.is(scheduledAt(steps, 10_000), 10);
  assert.ok(Math.abs(scheduledAt(steps, 10_001) - 10.00025) < 1e-9);
  assert.is(scheduledAt(steps, 50_000), 20);
  assert.is(describeSchedule(steps), 'a profile: 1,000 to 4,000/s over 30 s (the first 5 s a warm-up)');
  assert.is(describeSchedule(steady), '100/s');
  assert.is(describeSchedule(maxSchedule()), 'max');
});

test.run();
