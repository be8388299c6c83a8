// The machine-noise probe that `make bench` runs before its scenarios (bench/machine-noise.ts): on a scripted
// clock, exactly what it reports; on the real one, that it reports for every core.
import { availableParallelism } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAP_US, type ProbeClock, WAIT_US, describeMachineNoise, measureMachineNoise, offCpu, wakeupLateness } from '../../bench/machine-noise.js';

/** A clock whose waits return late by the scripted amounts, in order (0 once the script is used up). */
function scriptedWaits(lateUs: readonly number[]): ProbeClock & { waits: number } {
  let t = 0;
  const clock = {
    waits: 0,
    nowUs: () => t,
    waitUs: (us: number) => {
      t += us + (lateUs[clock.waits] ?? 0);
      clock.waits++;
    },
  };
  return clock;
}

test('wake-up lateness: how late each wait returned, rare late ones in the p99.9 and the max, not the p99', () => {
  // 1,000 waits taking 400,000 us in all: 990 late by 100 us, 9 by 2 ms, one by 33 ms (in the middle).
  const late = [...Array(500).fill(100), ...Array(9).fill(2_000), 33_000, ...Array(490).fill(100)];
  const clock = scriptedWaits(late);
  const r = wakeupLateness(0.4, clock);
  assert.is(clock.waits, 1_000, 'the probe stops at its end, not a wait later');
  assert.equal(r, { waits: 1_000, p50_us: 100, p99_us: 100, p999_us: 2_000, max_us: 33_000 });
  assert.is(WAIT_US, 250);
});

test('off-CPU time: gaps between clock reads longer than GAP_US, as a share of the probe time', () => {
  // Reads 1 us apart for 10 ms, except a gap of 60 us (counted), one of exactly GAP_US (not) and one of 2 ms.
  const steps = new Map([[100, 60], [200, GAP_US], [300, 2_000]]);
  let t = 0;
  let reads = 0;
  const r = offCpu(0.01, () => {
    const now = t;
    reads++;
    t += steps.get(reads) ?? 1;
    return now;
  });
  assert.equal(r, { percent: (100 * 2_060) / 10_000, gaps: 2, max_gap_us: 2_000 });
});

test('the report line names every figure', () => {
  const line = describeMachineNoise({
    seconds: 5, wake_late: { waits: 19_000, p50_us: 110, p99_us: 210, p999_us: 2_330, max_us: 4_020 },
    off_cpu: [{ percent: 2.14, gaps: 900, max_gap_us: 5_610 }, { percent: 4.8, gaps: 1_200, max_gap_us: 25_000 }],
  });
  assert.is(line, 'machine noise (idle, 5 s each): 250 us waits late by p50 0.11 / p99 0.21 / p99.9 2.33 / max 4.02 ms; spinning threads off-CPU 2.1% / 4.8% (longest gap 25.0 ms)');
});

test('on the real clock: waits of about WAIT_US, and one spinning thread per core', async () => {
  const n = await measureMachineNoise(0.2);
  // A 250 us wait that never returned early: at most 800 of them fit in 0.2 s.
  assert.ok(n.wake_late.waits > 0 && n.wake_late.waits <= 800, `${n.wake_late.waits} waits`);
  assert.ok(n.wake_late.p50_us >= 0);
  assert.is(n.off_cpu.length, availableParallelism());
  for (const c of n.off_cpu) assert.ok(c.percent >= 0 && c.percent <= 100, `${c.percent}%`);
});

test.run();
