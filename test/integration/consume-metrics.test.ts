// `loadgen consume --metrics-port --log-format json` on its own: while it measures a run produced meanwhile
// (--no-consumer), /metrics serves the records read, the lag and the end-to-end histograms, and at the end,
// having been scraped, it waits for one scrape of the final values, which match consumer.json; its stdout is
// JSON lines, the last one the summary.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConsumerSummary } from '../../src/consumer/consumer-results.js';
import { runLoadgen, spawnLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { pollUntil } from '../support/wait.js';

const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

test('the measuring consumer alone serves its metrics; the last scrape holds consumer.json\'s figures', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-consume-metrics-'));
  const consumer = spawnLoadgen(['consume', '--idle', '8s', '--out', join(dir, 'consume'), '-b', BROKERS, '--metrics-port', '0', '--metrics-linger', '45s', '--log-format', 'json'], { timeoutMs: 120_000 });
  try {
    const line = await consumer.waitForLine('stdout', /measuring/, 60_000);
    const url = /metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(line)?.[1];
    assert.ok(url, line);
    assert.is((await fetch(`${url}/healthz`)).status, 200);
    assert.match(await (await fetch(`${url}/metrics`)).text(), /^loadgen_consumer_records_total \d+$/m);
    const run = await runLoadgen(['run', '--count', '300', '--rate', '300', '--no-consumer', '--quiet', '-b', BROKERS, '--out', join(dir, 'run')], { timeoutMs: 60_000 });
    assert.is(run.status, 0, run.stderr);
    await pollUntil('e2e values while measuring', async () => value(await (await fetch(`${url}/metrics`)).text(), 'loadgen_e2e_latency_seconds_count') > 0, { timeoutMs: 30_000 });
    // After its idle time the consumer has its results, and waits (up to the linger) for this scrape to exit.
    await consumer.waitForLine('stdout', /"msg":"summary"/, 60_000);
    const final = await (await fetch(`${url}/metrics`)).text();
    const { status, stderr, stdout, ms } = await consumer.exited;
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string; level: string; summary?: { received: number } });
    assert.equal(lines.map((l) => [l.level, l.msg.split(' ')[0]]), [['info', 'measuring'], ['info', 'summary']]);
    assert.is(lines[1]?.summary?.received, 300);
    assert.ok(ms < 40_000, `exited ${ms} ms after start: the final scrape ended the 45 s linger`);
    assert.is(value(final, 'loadgen_e2e_latency_seconds_count'), 300);
    assert.is(status, 0, stderr);
    const summary = JSON.parse(readFileSync(join(dir, 'consume', 'consumer.json'), 'utf8')) as ConsumerSummary;
    assert.is(summary.received, 300);
    assert.is(value(final, 'loadgen_e2e_latency_uncorrected_seconds_count'), summary.latency_ms.e2e_uncorrected?.count);
    assert.ok(value(final, 'loadgen_consumer_records_total') >= 300);
    assert.is(value(final, 'loadgen_consumer_lag_records{consumer="measure"}'), 0, 'caught up at the end');
    assert.equal(['received', 'duplicates'].map((n) => value(final, `loadgen_consumer_${n}_total{consumer="measure"}`)), [summary.received, summary.duplicates]);
  } finally {
    await consumer.kill();
  }
});

test.run();
