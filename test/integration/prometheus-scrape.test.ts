// `--metrics-port` against a real Prometheus (Debian's package, installed by `scripts/system-deps.sh test`)
// scraping a run against the real broker every second: the final counter values its HTTP API returns equal
// summary.json's, the ack and end-to-end latency histograms count every acked (and received) event, and `promtool check metrics` accepts
// the scraped text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { spawnBounded, spawnLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';
import { pollUntil } from '../support/wait.js';
import { freePort } from '../support/ports.js';

interface Vector {
  readonly data: { readonly result: { readonly metric: Record<string, string>; readonly value: [number, string] }[] };
}

test('Prometheus scrapes a run: its final counters equal summary.json; promtool accepts the text', async () => {
  assert.ok(spawnSync('prometheus', ['--version']).status === 0, 'prometheus is installed (scripts/system-deps.sh test)');
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-prometheus-'));
  const [metricsPort, promPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global:', '  scrape_interval: 1s', '  scrape_timeout: 900ms',
    'scrape_configs:', '  - job_name: loadgen', '    static_configs:', `      - targets: ['127.0.0.1:${metricsPort}']`, '',
  ].join('\n'));
  const prometheus = spawnBounded('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`,
  ], { timeoutMs: 120_000 });
  const api = `http://127.0.0.1:${promPort}/api/v1`;
  try {
    await pollUntil('Prometheus ready', async () => (await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok, { timeoutMs: 30_000 });
    const out = join(dir, 'run');
    const run = spawnLoadgen([
      'run', '--rate', '500', '--duration', '6s', '--brokers', BROKERS, '--out', out, '--quiet', '--metrics-port', String(metricsPort), '--metrics-linger', '20s',
    ], { timeoutMs: 90_000 });
    // Mid-run: acks counted, then librdkafka's statistics; the text as Prometheus reads it passes promtool's lint.
    await pollUntil('a scrape with acks', async () => {
      const body = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /loadgen_events_acked_total\{topic="product-clicks"\} [1-9]/.test(body) ? body : null;
    }, { timeoutMs: 30_000 });
    // The producer threads' librdkafka statistics are there once a tick has carried them.
    const withStats = await pollUntil('a scrape with librdkafka statistics', async () => {
      const body = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /loadgen_kafka_broker_rtt_p99_seconds\{client="producer"\} [0-9.e-]+/.test(body) ? body : null;
    }, { timeoutMs: 10_000 });
    assert.match(withStats, /loadgen_kafka_produce_retries_total\{client="producer"\} 0/);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: withStats, encoding: 'utf8' });
    assert.is(lint.status, 0, `${lint.stdout}${lint.stderr}`);
    const ended = await run.exited;
    assert.is(ended.status, 0, ended.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;

    const query = async (expr: string): Promise<number> => {
      const body = (await (await fetch(`${api}/query?query=${encodeURIComponent(expr)}`)).json()) as Vector;
      const value = body.data.result[0]?.value[1];
      return value === undefined ? Number.NaN : Number(value);
    };
    // The last scrape (the run waited for it) holds the final values.
    assert.is(await query('sum(loadgen_events_acked_total)'), summary.events.acked);
    assert.is(await query('sum(loadgen_events_produced_total)'), summary.events.produced);
    assert.is(await query('sum(loadgen_events_failed_total)'), summary.events.failed);
    assert.is(await query('loadgen_ack_latency_seconds_count'), summary.latency_ms.ack?.count);
    assert.is(await query('loadgen_publish_delay_seconds_count'), summary.events.produced);
    // The companion consumer's seconds travel to the run once a second, the last ones before its result.
    assert.is(await query('loadgen_e2e_latency_seconds_count'), summary.latency_ms.e2e?.count);
    assert.is(summary.latency_ms.e2e?.count, summary.events.acked);
    assert.is(await query('loadgen_target_rate'), 500);
    assert.is(await query(`loadgen_run_info{run_id="${summary.run_id}"}`), 1);
    // The companion's lag, reported once a second while it read: a count of records, never negative.
    assert.ok((await query('loadgen_consumer_lag_records')) >= 0);
    // The ack p99 Prometheus estimates from the buckets brackets the summary's (bucket bounds: 1, 2, 5, ...).
    const p99 = await query('histogram_quantile(0.99, loadgen_ack_latency_seconds_bucket)');
    assert.ok(p99 > 0 && p99 <= 10, `${p99}`);
  } finally {
    prometheus.kill();
  }
});

test('promtool accepts the scrape configurations the repository ships (compose profile and local)', () => {
  for (const file of ['observability/prometheus.yml', 'observability/prometheus.local.yml']) {
    const check = spawnSync('promtool', ['check', 'config', file], { cwd: projectRoot, encoding: 'utf8' });
    assert.is(check.status, 0, `${file}: ${check.stdout}${check.stderr}`);
  }
});

test.run();
