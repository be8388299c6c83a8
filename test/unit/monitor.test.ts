// The monitor's stall check on fake time: records in flight with nothing settled, or records that
// librdkafka times out one after another, mean the cluster stopped answering (after the stall limit); acks
// or failures the cluster itself reports (a refused record) mean it answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunCounts } from '../../src/engine/accounting.js';
import { newHistogram } from '../../src/engine/histograms.js';
import { TIMED_OUT, startMonitor, type ProgressSample } from '../../src/engine/monitor.js';
import { FakeTimerClock } from '../support/fake-clock.js';

/**
 * Seconds (fake) until onStall, with `tick` changing the counts before each once-a-second sample; null: no
 * stall in 30 s. With an 8 s limit counted from the start, the sample at 9 s is the first past it.
 */
function secondsToStall(tick: (counts: { acked: number; failed: number; inFlight: number; failures: Map<string, number> }) => void): number | null {
  const clock = new FakeTimerClock(1_767_225_600_000_000);
  const counts = { acked: 0, failed: 0, inFlight: 0, failures: new Map<string, number>() };
  let stalledAt: number | null = null;
  const monitor = startMonitor({
    clock, t0Us: clock.nowUs(), target: () => 100, counts: () => counts as unknown as RunCounts, takeInterval: () => newHistogram(), clusterError: () => null,
    stallLimitMs: 8000, onSample: () => undefined, onStall: () => (stalledAt ??= (clock.nowUs() - 1_767_225_600_000_000) / 1e6),
  });
  for (let s = 0; s < 30; s++) {
    tick(counts);
    clock.advance(1_000_000);
  }
  monitor.stop();
  return stalledAt;
}

const fail = (c: { failed: number; failures: Map<string, number> }, reason: string, n: number) => {
  c.failed += n;
  c.failures.set(reason, (c.failures.get(reason) ?? 0) + n);
};

test('records in flight and none settled: a stall after the limit', () => {
  assert.is(secondsToStall((c) => void (c.inFlight += 100)), 9);
});

test('records timing out one after another are no answer: a stall after the limit', () => {
  assert.is(secondsToStall((c) => fail(c, TIMED_OUT, 100)), 9);
  assert.is(
    secondsToStall((c) => {
      fail(c, TIMED_OUT, 100);
      c.inFlight = 300;
    }),
    9,
  );
});

test('acks, or failures the cluster reports, are answers: no stall', () => {
  assert.is(
    secondsToStall((c) => {
      c.acked += 100;
      c.inFlight = 50;
    }),
    null,
  );
  assert.is(
    secondsToStall((c) => {
      fail(c, 'Broker: Message size too large', 100);
      c.inFlight = 50;
    }),
    null,
  );
  assert.is(secondsToStall(() => undefined), null, 'idle: nothing in flight');
});

test('each sample carries the host since the previous one, the first counted from the start', () => {
  const clock = new FakeTimerClock(1_767_225_600_000_000);
  const calls: number[] = [];
  const samples: ProgressSample[] = [];
  const counts = { acked: 0, failed: 0, inFlight: 0, failures: new Map<string, number>() };
  const monitor = startMonitor({
    clock, t0Us: clock.nowUs(), target: () => 100, counts: () => counts as unknown as RunCounts, takeInterval: () => newHistogram(), clusterError: () => null,
    stallLimitMs: 8000, onSample: (s) => samples.push(s), onStall: () => undefined,
    host: (nowUs) => {
      calls.push((nowUs - 1_767_225_600_000_000) / 1e6);
      return { cpus: 2, busyPercent: 50, stealPercent: calls.length, cores: {} };
    },
  });
  clock.advance(2_000_000);
  monitor.stop();
  assert.equal(calls, [0, 1, 2], 'once at the start (its baseline), then once a second');
  assert.equal(samples.map((s) => s.host?.stealPercent), [2, 3]);
});

test.run();
