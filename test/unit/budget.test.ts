// The coordinator's step (src/engine/budget.ts): how many chunks the threads may have generated, as a table
// of (elapsed, chunks sent, in flight, budget now) -> new budget, with no clock and no threads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextBudget, maxBuffered, startBudget, type BudgetPolicy } from '../../src/engine/budget.js';
import { Control } from '../../src/engine/protocol.js';
import { FakeTimerClock } from '../support/fake-clock.js';
import { maxSchedule, steadySchedule } from '../support/schedules.js';

// 1,000/s in chunks of 20 slots: a chunk every 20 ms; 2 threads may be 4 chunks ahead of those sent.
const policy: BudgetPolicy = { schedule: steadySchedule(1000), chunkSlots: 20, workers: 2, inFlightHighWater: 100 };

test('the budget: due within the look-ahead, at most maxBuffered beyond those sent, held while too much is in flight', () => {
  // [elapsed s, chunks sent, in flight, budget now, new budget (null: unchanged)]
  const table: [number, number, number, number, number | null][] = [
    [0, 0, 0, 0, 4], // due by 0.25 s: 251 slots = 13 chunks, but only 4 beyond the 0 sent
    [0, 10, 0, 4, 13], // sent enough: the look-ahead is the bound (ceil(251 / 20))
    [1, 60, 0, 13, 63], // 1.25 s: 1,251 slots -> 63 chunks
    [1, 50, 0, 13, 54], // the client is behind (50 sent): 4 beyond them
    [1, 60, 0, 63, null], // already there: unchanged
    [1, 60, 0, 70, null], // never lowered
    [1, 60, 101, 13, null], // over the in-flight high water mark: held
    [1, 60, 100, 13, 63], // at it: raised
    [-0.3, 0, 0, 0, null], // more than the look-ahead before the start: nothing yet
    [-0.249, 0, 0, 0, 1], // slot 0 comes within the look-ahead
  ];
  for (const [elapsedS, chunksSent, inFlight, allowed, expected] of table) {
    assert.is(nextBudget(policy, { elapsedS, chunksSent, inFlight, allowed }), expected, JSON.stringify([elapsedS, chunksSent, inFlight, allowed]));
  }
});

test('--rate max: every slot is due, so only the buffer (and the count) bound the budget', () => {
  const max: BudgetPolicy = { ...policy, schedule: maxSchedule({ duration: 10 }), chunkSlots: 2048 };
  assert.is(nextBudget(max, { elapsedS: 0, chunksSent: 100, inFlight: 0, allowed: 0 }), 104);
  const counted: BudgetPolicy = { ...max, schedule: maxSchedule({ count: 5000 }) };
  assert.is(nextBudget(counted, { elapsedS: 0, chunksSent: 100, inFlight: 0, allowed: 0 }), 3, '5,000 slots: 3 chunks of 2,048');
  assert.equal([1, 2, 4, 8].map(maxBuffered), [4, 4, 8, 16]);
});

test('startBudget raises the shared cell at once and every 5 ms on the clock it is given, until stopped', () => {
  const clock = new FakeTimerClock(1_000_000_000);
  const cells = new Int32Array(new SharedArrayBuffer(Control.bytes), 0, Control.cells);
  let sent = 0;
  const stop = startBudget({ clock, cells, t0Us: clock.nowUs(), policy, chunksSent: () => sent, inFlight: () => 0 });
  assert.is(Atomics.load(cells, Control.allowedChunks), 4);
  sent = 100;
  clock.advance(5_000); // 5 ms: due by 0.255 s = 256 slots -> 13 chunks
  assert.is(Atomics.load(cells, Control.allowedChunks), 13);
  clock.advance(1_000_000);
  assert.is(Atomics.load(cells, Control.allowedChunks), 63);
  stop();
  assert.is(clock.pending, 0);
  clock.advance(1_000_000);
  assert.is(Atomics.load(cells, Control.allowedChunks), 63);
});

test.run();
