// --assert: parsed before the run (typos are usage errors), evaluated against summary.json after it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate, formatResult, parseAssertion, parseAssertions } from '../../src/thresholds.js';
import type { RunSummary } from '../../src/report/summary.js';
import { usageErrorOf } from '../support/errors.js';

const latency = (p99: number) => ({ count: 100, p50: 1, p90: 2, p99, p999: p99 + 1, max: p99 + 2 });
const summary = {
  target_rate: 1000,
  achieved_rate: 990,
  duration_s: 20,
  events: { produced: 20_000, acked: 19_800, failed: 200, invalid: 0, injected_invalid: 0, bytes: 1 },
  consumer: { received: 19_800, lost: 0, duplicates: 0, out_of_order: 0 },
  generator: { saturated: false, saturated_seconds: 0, stalls: 0, queue_full: 0, max_publish_delay_ms: 3 },
  host: { cpus: 2, busy_percent: 97.5, steal_percent: 12.5, no_idle_seconds: 18, steal_seconds: 4, cores: { loadgen: 1.3 } },
  latency_ms: { publish_delay: latency(1), ack: latency(40), ack_uncorrected: latency(30), e2e: latency(450), e2e_uncorrected: null },
} as unknown as RunSummary;

const check = (text: string) => evaluate(parseAssertion(text), summary);

test('fields, short latency names, factors and units (latencies are in ms)', () => {
  // text                                   left    right   verdict
  const table: [string, number, number, string][] = [
    ['achieved_rate>=0.98*target_rate',       990,    980,    'passed'],
    ['achieved_rate >= 0.995 * target_rate',  990,    995,    'failed'],
    ['consumer.lost==0',                      0,      0,      'passed'],
    ['events.failed<=1%',                     200,    0.01,   'failed'], // % is a fraction: 1% = 0.01
    ['e2e.p99<500ms',                         450,    500,    'passed'],
    ['e2e.p99<0.4s',                          450,    400,    'failed'],
    ['latency_ms.ack.p99.9<41001us',          41,     41.001, 'passed'],
    ['ack.max!=42',                           42,     42,     'failed'],
    ['publish_delay.count>99',                100,    99,     'passed'],
    ['generator.saturated_seconds==0',        0,      0,      'passed'],
    ['host.steal_percent<5',                  12.5,   5,      'failed'], // a noisy machine can fail a CI check
    ['host.no_idle_seconds<=20',              18,     20,     'passed'],
  ];
  for (const [text, left, right, status] of table) {
    const r = check(text);
    assert.is(r.status, status, text);
    if (r.status !== 'no-value') assert.equal([r.left, r.right], [left, right], text);
  }
});

test('a field without a value fails its assertion and says why', () => {
  const r = check('e2e_uncorrected.p99<100ms');
  assert.is(r.status, 'no-value');
  assert.is(formatResult(r), 'assert e2e_uncorrected.p99<100ms: FAILED (the summary has no latency_ms.e2e_uncorrected.p99; did the consumer run?)');
  assert.is(formatResult(check('e2e.p99<500ms')), 'assert e2e.p99<500ms: 450 < 500 ok');
});

test('bad syntax, unknown fields and empty values are usage errors naming --assert', () => {
  for (const bad of ['e2e.p99', 'e2e.p99<<5', 'e2e.p98<5ms', 'consumer.missing==0', 'latency<5', 'foo==1', '5ms<', 'e2e.p99<5 parsecs']) {
    assert.match(usageErrorOf(() => parseAssertion(bad)), /^--assert /, bad);
  }
  assert.match(usageErrorOf(() => parseAssertions([''])), /invalid value for --assert/);
  assert.is(parseAssertions(undefined).length, 0);
  assert.is(parseAssertions(['consumer.lost==0', 'e2e.p99<1s']).length, 2);
});

test.run();
