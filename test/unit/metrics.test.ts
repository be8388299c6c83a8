// The run's Prometheus metrics (src/telemetry/): histogram buckets filled exactly from HdrHistogram
// intervals, counters read from the run's counts at scrape time, and the endpoint serving only /metrics and
// /healthz, waiting for one scrape of the final values when (and only when) it was scraped during the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import type { ClientStats } from '../../src/engine/client-stats.js';
import { newHistogram } from '../../src/engine/histograms.js';
import { LATENCY_BUCKETS_S } from '../../src/telemetry/latency-metric.js';
import { RunMetrics } from '../../src/telemetry/run-metrics.js';
import { startMetricsServer } from '../../src/telemetry/metrics-server.js';

/** name{labels} -> value, from the Prometheus text format. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function runMetrics() {
  const accounting = new DeliveryAccounting(['clicks', 'purchases'], 0);
  const metrics = new RunMetrics({ runId: 'r1', producer: 'native', workers: 2, consumer: false, counts: () => accounting });
  return { accounting, metrics };
}

test('latency buckets are cumulative counts of the interval values, in seconds; sum and count match', async () => {
  const { metrics } = runMetrics();
  const h = newHistogram();
  // [microseconds, count]: 0.2 ms x 3, 0.9 ms x 2, 40 ms x 1, 12 s x 1 (above the last bucket)
  for (const [us, n] of [[200, 3], [900, 2], [40_000, 1], [12_000_000, 1]] as const) h.recordValueWithCount(us, n);
  metrics.interval('ack', h);
  const second = newHistogram();
  second.recordValue(900);
  metrics.interval('ack', second);
  const m = parse(await metrics.registry.metrics());
  const bucket = (le: string) => m.get(`loadgen_ack_latency_seconds_bucket{le="${le}"}`);
  // [le, cumulative count]
  const table: [string, number][] = [['0.00025', 3], ['0.0005', 3], ['0.001', 6], ['0.02', 6], ['0.05', 7], ['10', 7], ['+Inf', 8]];
  for (const [le, n] of table) assert.is(bucket(le), n, `le ${le}`);
  assert.is(m.get('loadgen_ack_latency_seconds_count'), 8);
  const sum = m.get('loadgen_ack_latency_seconds_sum') ?? 0;
  assert.ok(Math.abs(sum - (3 * 0.0002 + 3 * 0.0009 + 0.04 + 12)) < 0.02, `${sum}`);
  assert.is(LATENCY_BUCKETS_S.length, 15);
  assert.is(m.get('loadgen_publish_delay_seconds_count'), 0, 'a metric with no values yet is 0, not absent');
  metrics.close();
});

test('counters and gauges are read from the run at scrape time', async () => {
  const { accounting, metrics } = runMetrics();
  accounting.produced = 5;
  const topics = accounting.topics;
  Object.assign(topics[0] ?? {}, { produced: 3, acked: 2, failed: 1, bytes: 700 });
  Object.assign(topics[1] ?? {}, { produced: 2, acked: 2, failed: 0, bytes: 900 });
  accounting.failures.set('Local: Message timed out', 1);
  metrics.sample({ t: 1, targetRate: 1000, ackedRate: 980, acked: 980, failed: 0, inFlight: 3, publishDelayP99: 150, ackP99: 3, saturated: true });
  const m = parse(await metrics.registry.metrics());
  assert.is(m.get('loadgen_events_produced_total{topic="clicks"}'), 3);
  assert.is(m.get('loadgen_events_acked_total{topic="purchases"}'), 2);
  assert.is(m.get('loadgen_events_failed_total{topic="clicks"}'), 1);
  assert.is(m.get('loadgen_acked_bytes_total{topic="purchases"}'), 900);
  assert.is(m.get('loadgen_failures_total{reason="Local: Message timed out"}'), 1);
  assert.is(m.get('loadgen_target_rate'), 1000);
  assert.is(m.get('loadgen_acked_rate'), 980);
  assert.is(m.get('loadgen_generator_saturated_seconds_total'), 1);
  assert.is(m.get('loadgen_run_info{run_id="r1",producer="native",workers="2",version="0.1.0"}'), 1);
  // Later scrapes see later counts.
  Object.assign(topics[0] ?? {}, { acked: 3 });
  assert.is(parse(await metrics.registry.metrics()).get('loadgen_events_acked_total{topic="clicks"}'), 3);
  metrics.close();
});

test('with the companion consumer, the end-to-end histograms are served too; without it, not at all', async () => {
  const counts = () => new DeliveryAccounting(['t'], 0);
  const names = async (consumer: boolean) => {
    const metrics = new RunMetrics({ runId: 'r', producer: 'native', workers: 1, consumer, counts });
    const h = newHistogram();
    h.recordValue(3_000);
    metrics.interval('e2e', h);
    const m = parse(await metrics.registry.metrics());
    metrics.close();
    return m;
  };
  assert.is((await names(true)).get('loadgen_e2e_latency_seconds_bucket{le="0.005"}'), 1);
  assert.is((await names(true)).get('loadgen_e2e_latency_uncorrected_seconds_count'), 0);
  assert.not.ok([...(await names(false)).keys()].some((k) => k.startsWith('loadgen_e2e')));
});

test("the companion's lag and counts: absent until it reports them, then its last report", async () => {
  const metrics = new RunMetrics({ runId: 'r', producer: 'native', workers: 1, consumer: true, counts: () => new DeliveryAccounting(['t'], 0) });
  assert.not.ok([...parse(await metrics.registry.metrics()).keys()].some((k) => k.startsWith('loadgen_consumer_lag')));
  metrics.consumerProgress(null, null);
  assert.not.ok([...parse(await metrics.registry.metrics()).keys()].some((k) => k.startsWith('loadgen_consumer_lag')));
  metrics.consumerProgress(1234, { received: 500, duplicates: 2, outOfOrder: 1 });
  const m = parse(await metrics.registry.metrics());
  assert.is(m.get('loadgen_consumer_lag_records{consumer="measure"}'), 1234);
  assert.equal(['received', 'duplicates', 'out_of_order'].map((n) => m.get(`loadgen_consumer_${n}_total{consumer="measure"}`)), [500, 2, 1]);
  metrics.close();
});

test("the host's last second: absent until a sample carries it, then its shares and each process's cores", async () => {
  const { metrics } = runMetrics();
  const sample = { t: 1, targetRate: 1000, ackedRate: 980, acked: 980, failed: 0, inFlight: 3, publishDelayP99: 2, ackP99: 3, saturated: false };
  metrics.sample(sample);
  assert.not.ok([...parse(await metrics.registry.metrics()).keys()].some((k) => k.startsWith('loadgen_host_') || k.startsWith('loadgen_process_')));
  metrics.sample({ ...sample, t: 2, host: { cpus: 2, busyPercent: 91, stealPercent: 7.5, cores: { loadgen: 1.3, consumer: 0.25 } } });
  const m = parse(await metrics.registry.metrics());
  assert.is(m.get('loadgen_host_cpu_busy_ratio{cpus="2"}'), 0.91);
  assert.is(m.get('loadgen_host_cpu_steal_ratio{cpus="2"}'), 0.075);
  assert.is(m.get('loadgen_process_cpu_cores{process="loadgen"}'), 1.3);
  assert.is(m.get('loadgen_process_cpu_cores{process="consumer"}'), 0.25);
  metrics.close();
});

test("librdkafka's statistics: gauges and the retries counter once the threads have sent some, absent before", async () => {
  let stats: ClientStats | null = null;
  const accounting = Object.assign(new DeliveryAccounting(['t'], 0), { clientStats: () => stats });
  const metrics = new RunMetrics({ runId: 'r', producer: 'native', workers: 1, consumer: false, counts: () => accounting });
  assert.not.ok([...parse(await metrics.registry.metrics()).keys()].some((k) => k.startsWith('loadgen_kafka_broker')));
  stats = { rttP99Us: 3000, rttAvgUs: 1500, retries: 4, queuedMessages: 120, batchBytesAvg: 16_384, batchRecordsAvg: 40 };
  const m = parse(await metrics.registry.metrics());
  assert.equal(
    ['broker_rtt_p99_seconds', 'broker_rtt_avg_seconds', 'queued_messages', 'batch_size_bytes', 'batch_records', 'produce_retries_total'].map((n) => m.get(`loadgen_kafka_${n}{client="producer"}`)),
    [0.003, 0.0015, 120, 16_384, 40, 4],
  );
  metrics.close();
});

test('the endpoint: /metrics and /healthz on 127.0.0.1, nothing else; a port in use is exit 2', async () => {
  const { metrics } = runMetrics();
  let healthy = false;
  const server = await startMetricsServer(metrics.registry, '127.0.0.1', 0, () => healthy);
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.is((await fetch(`${server.url}/healthz`)).status, 503);
  healthy = true;
  assert.is((await fetch(`${server.url}/healthz`)).status, 200);
  const res = await fetch(`${server.url}/metrics`);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  for (const path of ['/', '/metrics/x', '/debug/pprof', '/../etc/passwd']) assert.is((await fetch(`${server.url}${path}`)).status, 404, path);
  assert.is((await fetch(`${server.url}/metrics`, { method: 'POST' })).status, 405);
  const port = Number(new URL(server.url).port);
  const err = await startMetricsServer(metrics.registry, '127.0.0.1', port, () => true).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof Error && 'exitCode' in err && err.exitCode === 2, String(err));
  assert.match(String((err as Error).message), /--metrics-port: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  await server.close(0);
  metrics.close();
});

test('after the run: waits for one scrape of the final values if it was scraped, else closes at once', async () => {
  const { metrics } = runMetrics();
  const unscraped = await startMetricsServer(metrics.registry, '127.0.0.1', 0, () => true);
  unscraped.markFinal();
  let started = Date.now();
  await unscraped.close(5_000);
  assert.ok(Date.now() - started < 1_000, 'nobody scraped it: no wait');

  const scraped = await startMetricsServer(metrics.registry, '127.0.0.1', 0, () => true);
  await fetch(`${scraped.url}/metrics`);
  scraped.markFinal();
  started = Date.now();
  setTimeout(() => void fetch(`${scraped.url}/metrics`), 300);
  await scraped.close(5_000);
  const waited = Date.now() - started;
  assert.ok(waited >= 250 && waited < 2_000, `waited ${waited} ms for the final scrape`);

  const bounded = await startMetricsServer(metrics.registry, '127.0.0.1', 0, () => true);
  await fetch(`${bounded.url}/metrics`);
  bounded.markFinal();
  started = Date.now();
  await bounded.close(300);
  assert.ok(Date.now() - started >= 250, 'no final scrape: waits the linger, then closes');
  metrics.close();
});

test.run();
