// The phases that pause the companion consumer become timers on the run's clock (schedulePauses): each
// window opens and closes at its seconds after the run's start; cancelling stops what has not fired.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schedulePauses } from '../../src/consumer/measurement.js';
import { FakeTimerClock } from '../support/fake-clock.js';

test('windows open and close on time; one begun already opens at once; cancel stops the rest', () => {
  const clock = new FakeTimerClock(1_000_000_000_000);
  const baseMs = clock.nowUs() / 1000 - 500; // the run started half a second ago
  const calls: [number, boolean][] = [];
  const cancel = schedulePauses(clock, baseMs, [{ fromS: 0, toS: 2 }, { fromS: 4, toS: 5 }, { fromS: 8, toS: 9 }], (paused) => calls.push([Math.round((clock.nowUs() / 1000 - baseMs) / 100) / 10, paused]));
  for (let i = 0; i < 60; i++) clock.advance(100_000);
  cancel();
  for (let i = 0; i < 40; i++) clock.advance(100_000);
  // [seconds after the start, paused]: the first window had begun (opens at once, at 0.5 s); the third is cancelled.
  assert.equal(calls, [[0.5, true], [2, false], [4, true], [5, false]]);
});

test.run();
