// The max-rate search against a simulated system: a rate -> latency curve with a knee, no broker, no clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAssertion } from '../../src/thresholds.js';
import { judge, nextStep, type SearchOptions, type Step } from '../../src/run/find-max.js';
import type { RunSummary } from '../../src/report/summary.js';

const options: SearchOptions = { startRate: 1000, maxRate: 1_000_000, minRate: 100, precision: 0.05 };

/** A system with a capacity: e2e p99 = 5 ms / (1 - rate/capacity); past capacity it cannot keep the rate. */
function simulate(rate: number, capacity: number): RunSummary {
  const kept = rate < capacity;
  const p99 = kept ? 5 / (1 - rate / capacity) : 60_000;
  const latency = { count: 1, p50: p99 / 3, p90: p99 / 2, p99, p999: p99, max: p99 };
  return {
    target_rate: rate,
    achieved_rate: kept ? rate : capacity,
    events: { produced: 1, acked: 1, failed: 0, invalid: 0, injected_invalid: 0, bytes: 0 },
    consumer: { received: 1, lost: 0, duplicates: 0, out_of_order: 0 },
    generator: { saturated: !kept, saturated_seconds: kept ? 0 : 20, stalls: 0, queue_full: 0, max_publish_delay_ms: 1 },
    latency_ms: { publish_delay: latency, ack: latency, ack_uncorrected: latency, e2e: latency, e2e_uncorrected: latency },
  } as unknown as RunSummary;
}

function search(capacity: number, slo: string, opts = options): { steps: Step[]; best: number | null } {
  const steps: Step[] = [];
  for (;;) {
    const next = nextStep(steps, opts);
    if (next.kind === 'done') return { steps, best: next.best };
    steps.push({ rate: next.rate, ...judge(simulate(next.rate, capacity), [parseAssertion(slo)]) });
    if (steps.length > 40) throw new Error('the search does not end');
  }
}

test('finds the highest rate meeting the objective, within the precision, in few steps', () => {
  // capacity  objective        true maximum (p99 = 5 / (1 - r/c) < bound)
  const table: [number, string, number][] = [
    [40_000,   'e2e.p99<50ms',  36_000],
    [40_000,   'e2e.p99<10ms',  20_000],
    [7_300,    'e2e.p99<500ms', 7_227],
    [150_000,  'e2e.p99<1s',    149_250],
  ];
  for (const [capacity, slo, truth] of table) {
    const { steps, best } = search(capacity, slo);
    assert.ok(best !== null && best <= truth && best >= truth * 0.9, `${slo} at capacity ${capacity}: ${best} vs ${truth}`);
    assert.ok(steps.length <= 14, `${steps.length} steps`);
    // Every step below the answer that was tried passed; the answer itself was run and passed.
    assert.ok(steps.some((s) => s.rate === best && s.passed));
  }
});

test('a system that fails even at the start rate is searched downwards, then given up on', () => {
  // Capacity 1500, p99 < 10 ms below 750/s: 1000 fails, 500 passes, then bisect towards 750.
  const down = search(1500, 'e2e.p99<10ms');
  assert.is(down.steps[0]?.passed, false);
  assert.ok(down.best !== null && down.best < 750 && down.best >= 750 * 0.9, String(down.best));
  const { best, steps } = search(150, 'e2e.p99<6ms');
  assert.is(best, null);
  assert.ok(steps.every((s) => !s.passed && s.rate >= options.minRate));
});

test('stops at --max-rate when even that passes', () => {
  const { best, steps } = search(1e9, 'e2e.p99<1s', { ...options, maxRate: 5000 });
  assert.is(best, 5000);
  assert.equal(steps.map((s) => s.rate), [1000, 2000, 4000, 5000]);
});

test('judge names each broken condition', () => {
  const v = judge(simulate(50_000, 40_000), [parseAssertion('e2e.p99<50ms')]);
  assert.not.ok(v.passed);
  assert.equal(v.reasons, [
    'achieved 40000/s < 98% of 50000/s',
    'publish delay unbounded: 20 s with p99 over 100 ms',
    'e2e.p99<50ms: 60000 < 50 FAILED',
  ]);
});

test.run();
