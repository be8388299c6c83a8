// summary.json from a run's outcome, built by a pure function: exact counts, latency in ms, masked secrets,
// valid against schemas/summary.schema.json, and the table rendered from it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import { CONSUMER_METRICS, LatencyRecorder } from '../../src/engine/histograms.js';
import { IntervalLog } from '../../src/engine/interval-log.js';
import type { RunOutcome } from '../../src/engine/run-outcome.js';
import type { ProgressSample } from '../../src/engine/monitor.js';
import { resolveRunConfig } from '../../src/config/run-config.js';
import { buildSummary, renderSummary } from '../../src/report/summary.js';
import { TOPICS } from '../../src/events/event-types.js';
import { registry } from '../support/generate.js';

const config = resolveRunConfig(
  { rate: '100', count: '4', seed: '9', X: ['sasl.password=hunter2', 'linger.ms=0'] },
  { env: {}, nowMs: Date.UTC(2026, 10, 29), randomU32: () => 7 },
);

function outcome(): RunOutcome {
  const accounting = new DeliveryAccounting(TOPICS, 0);
  const latency = new LatencyRecorder();
  // Four events: three clicks acked after 2, 4 and 6 ms; one purchase that timed out.
  for (const [topic, partition] of [[0, 0], [0, 1], [0, 2], [3, 0]] as const) {
    accounting.produce(topic, partition, 0, 500, 100);
    latency.record('publish_delay', TOPICS[topic] as string, 500);
  }
  [2000, 4000, 6000].forEach((ackUs, p) => {
    accounting.deliver({ topic: 'product-clicks', partition: p, offset: p, error: null }, ackUs);
    latency.record('ack', 'product-clicks', ackUs);
    latency.record('ack_uncorrected', 'product-clicks', ackUs - 500);
  });
  accounting.deliver({ topic: 'purchases', partition: 0, offset: -1, error: { code: -192, message: 'Local: Message timed out' } }, 30_000_000);
  return {
    status: 'complete', startedAtMs: Date.UTC(2026, 10, 29, 12), durationS: 2, accounting, latency,
    sender: { sent: 4, stalls: 1, queueFull: 2 },
    generators: [{ worker: 0, chunks: 1, events: 4, invalid: [['cart_add: /x', 1]], injected: [] }],
    progress: [{ t: 1, targetRate: 100, ackedRate: 3, acked: 3, failed: 0, inFlight: 1, publishDelayP99: 0.5, ackP99: 6, saturated: false }],
    abandoned: 0,
    logs: { publish_delay: new IntervalLog(0), ack: new IntervalLog(0), ack_uncorrected: new IntervalLog(0) },
  };
}

test('counts, rates, failures and latencies are exact and in milliseconds', () => {
  const s = buildSummary(config, outcome());
  assert.equal(s.events, { produced: 4, acked: 3, failed: 1, invalid: 1, injected_invalid: 0, bytes: 300 });
  assert.equal(s.failures, { 'Local: Message timed out': 1 });
  assert.is(s.achieved_rate, 1.5);
  assert.is(s.target_rate, 100);
  assert.equal(s.per_second, [{ t: 0, acked: 3, sent: 4, target: 4 }]);
  // HdrHistogram with 3 significant digits reports a bucket's highest equivalent value: within 0.1%.
  const within = (actual: number | undefined, expected: number) => assert.ok(actual !== undefined && Math.abs(actual - expected) <= expected * 0.001, `${actual} vs ${expected}`);
  within(s.latency_ms.publish_delay?.p50, 0.5);
  assert.is(s.latency_ms.ack?.count, 3);
  within(s.latency_ms.ack?.max, 6);
  within(s.latency_ms.ack_uncorrected?.p50, 3.5);
  assert.equal(Object.keys(s.topics).sort(), ['product-clicks', 'purchases']);
  assert.is(s.topics['purchases']?.failed, 1);
  assert.is(s.generator.queue_full, 2);
  assert.is(s.consumer, null);
});

test('secrets are masked in the stored config; the summary matches its schema', () => {
  const s = buildSummary(config, outcome());
  assert.is(s.config.properties['sasl.password'], '*****');
  assert.is(s.config.properties['linger.ms'], '0');
  assert.not.match(JSON.stringify(s), 'hunter2');
  assert.is(registry().validateSummary(s), null);
  assert.is(registry().validateSummary({ ...s, events: { ...s.events, acked: -1 } }) !== null, true);
});

test('the table is rendered from the summary: throughput, failures, latency rows', () => {
  const lines = renderSummary(buildSummary(config, outcome()));
  assert.match(lines[0] ?? '', /^run 20261129T000000Z-000000: complete, 2.0 s, target 100\/s, achieved 2\/s$/);
  assert.ok(lines.some((l) => l === '  failed: 1 x Local: Message timed out'));
  const ack = lines.find((l) => l.startsWith('ack '));
  // p50, p75, p90, p99, p99.9, p99.99, max, count
  assert.match(ack ?? '', /ack\s+4\.\d+\s+6\.\d+\s+6\.\d+\s+6\.\d+\s+6\.\d+\s+6\.\d+\s+6\.\d+\s+3$/);
  assert.ok(lines.includes('consumer: not run (no end-to-end latency or loss check)'));
});

test('the host: its seconds summarised (means, the seconds with no idle CPU or with steal) and said in the table', () => {
  const host = (busyPercent: number, stealPercent: number) => ({ cpus: 2, busyPercent, stealPercent, cores: { loadgen: 1.2, consumer: 0.25 } });
  const base = outcome();
  const sample = base.progress[0] as ProgressSample;
  const s = buildSummary(config, { ...base, progress: [{ ...sample, host: host(80, 18) }, { ...sample, t: 2, host: host(99, 0) }, { ...sample, t: 3, host: null }] });
  assert.equal(s.host, { cpus: 2, busy_percent: 89.5, steal_percent: 9, no_idle_seconds: 2, steal_seconds: 1, cores: { loadgen: 1.2, consumer: 0.25 } });
  assert.is(registry().validateSummary(s), null);
  assert.ok(renderSummary(s).includes(
    'host: 2 CPUs 90% busy, steal 9%; cores used: loadgen 1.20, consumer 0.25. 2 s with no CPU idle, 1 s with the hypervisor taking 10% or more: the latencies include waiting for a CPU',
  ));
  // Where /proc could not be read, the summary has no host, and the table no host line.
  const without = buildSummary(config, outcome());
  assert.is(without.host, undefined);
  assert.not.ok(renderSummary(without).some((l) => l.startsWith('host:')));
});

test('with the companion consumer: its counts, e2e overall and per topic, and the table rows', () => {
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  latency.record('e2e', 'product-clicks', 3000);
  latency.record('e2e_uncorrected', 'product-clicks', 2500);
  const counts = { received: 3, lost: 0, duplicates: 0, out_of_order: 0, unexpected: 0, foreign: 0, negative_latencies: 0, drained: true };
  const s = buildSummary(config, outcome(), 'complete', { counts, latency });
  assert.equal(s.consumer, counts);
  assert.is(s.latency_ms.e2e?.p50, 3.001); // 3000 us, reported as its bucket's top (3 significant digits)
  assert.is(s.topics['product-clicks']?.latency_ms['e2e']?.count, 1);
  assert.is(s.topics['purchases']?.latency_ms['e2e'], undefined);
  assert.is(registry().validateSummary(s), null);
  const lines = renderSummary(s);
  assert.ok(lines.includes('consumer: received 3, lost 0, duplicates 0, out of order 0'));
  assert.match(lines.find((l) => l.startsWith('end to end ')) ?? '', /^end to end\s+3\.001\s/);
  assert.ok(lines.some((l) => l.startsWith('  product-clicks end to end')));
});

test.run();
