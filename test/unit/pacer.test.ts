import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dueBy, pace, scheduledAt, totalSlots, type Schedule } from '../../src/engine/pacer.js';

const steady: Schedule = { rate: 100, ramp: 0, count: Infinity, duration: Infinity };
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('a steady schedule: slot i at i / rate', () => {
  // [slot, seconds]
  const table: [number, number][] = [[0, 0], [1, 0.01], [99, 0.99], [100, 1], [12_345, 123.45]];
  for (const [i, at] of table) assert.ok(close(scheduledAt(steady, i), at), `slot ${i}: ${scheduledAt(steady, i)}`);
});

test('pace(): send when due or overdue, else wait exactly until due', () => {
  // [elapsed s, sent so far, decision]
  const table: [number, number, ReturnType<typeof pace>][] = [
    [0, 0, { kind: 'send' }], // slot 0 is due at the start
    [0, 1, { kind: 'wait', seconds: 0.01 }], // slot 1 is due at 10 ms
    [0.0095, 1, { kind: 'wait', seconds: 0.0005 }],
    [0.01, 1, { kind: 'send' }],
    [5, 1, { kind: 'send' }], // far behind: still sends slot 1 (never skips), lateness is its publish delay
  ];
  for (const [elapsed, sent, decision] of table) {
    const got = pace(steady, elapsed, sent);
    assert.is(got.kind, decision.kind, `${elapsed}/${sent}`);
    if (got.kind === 'wait' && decision.kind === 'wait') assert.ok(close(got.seconds, decision.seconds), `${got.seconds}`);
  }
});

test('limits: --count stops after that many; --duration stops before the first slot at or past it', () => {
  const counted: Schedule = { ...steady, count: 500 };
  assert.is(totalSlots(counted), 500);
  assert.is(pace(counted, 100, 499).kind, 'send');
  assert.is(pace(counted, 100, 500).kind, 'stop');
  const timed: Schedule = { ...steady, duration: 2 };
  assert.is(totalSlots(timed), 200); // slots 0..199 are at 0 .. 1.99 s
  assert.is(pace(timed, 1.99, 199).kind, 'send');
  assert.is(pace(timed, 2.5, 200).kind, 'stop');
  assert.is(totalSlots({ ...steady, count: 50, duration: 2 }), 50, 'whichever comes first');
});

test('dueBy() counts slots scheduled at or before a time, and is the inverse of scheduledAt()', () => {
  // [elapsed s, due]
  const table: [number, number][] = [[-1, 0], [0, 1], [0.0099, 1], [0.01, 2], [1, 101]];
  for (const [elapsed, due] of table) assert.is(dueBy(steady, elapsed), due, `${elapsed}`);
  for (const i of [0, 1, 7, 1000, 54_321]) assert.is(dueBy(steady, scheduledAt(steady, i)), i + 1, `slot ${i}`);
});

test('a ramp rises linearly: half the slots of a steady run during the ramp, then the full rate', () => {
  const ramped: Schedule = { rate: 1000, ramp: 10, count: Infinity, duration: Infinity };
  // The ramp's integral: rate * t^2 / (2 * ramp) slots by time t < ramp.
  // [elapsed s, slots due]
  const table: [number, number][] = [[0, 1], [1, 51], [5, 1251], [10, 5001], [11, 6001]];
  for (const [elapsed, due] of table) assert.is(dueBy(ramped, elapsed), due, `${elapsed}`);
  for (const i of [0, 1, 50, 4999, 5000, 5001, 20_000]) assert.is(dueBy(ramped, scheduledAt(ramped, i)), i + 1, `slot ${i}`);
  // The instantaneous rate: slots in [t, t + 0.1 s) ~ rate * t / ramp during the ramp.
  assert.ok(Math.abs(dueBy(ramped, 5.1) - dueBy(ramped, 5) - 50) <= 1);
  assert.is(totalSlots({ ...ramped, duration: 20 }), 15_000);
});

test('--rate max: every slot is due at once; the duration or count ends the run', () => {
  const max: Schedule = { rate: Infinity, ramp: 0, count: Infinity, duration: 3 };
  assert.is(scheduledAt(max, 1_000_000), 0);
  assert.is(pace(max, 2.9, 10_000_000).kind, 'send');
  assert.is(pace(max, 3, 10).kind, 'stop');
  assert.is(pace({ ...max, duration: Infinity, count: 5 }, 0, 5).kind, 'stop');
});

test.run();
