// The provisioned Grafana dashboard (observability/grafana/dashboards/loadgen.json) and the Prometheus
// configurations only name what loadgen exports: every metric a panel's query reads is one of the run's
// metrics (a renamed metric fails here, not on a user's empty panel), and the compose profile and the local
// Prometheus scrape the same port.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import { RunMetrics } from '../../src/telemetry/run-metrics.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface Panel {
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: readonly { readonly expr: string }[];
}

/** The metric families loadgen exports, with the series names of histograms (_bucket, _sum, _count). */
async function exported(): Promise<Set<string>> {
  const metrics = new RunMetrics({ runId: 'r', producer: 'native', workers: 1, consumer: true, counts: () => new DeliveryAccounting(['t'], 0) });
  const families = await metrics.registry.getMetricsAsJSON();
  metrics.close();
  return new Set(families.flatMap((f) => (String(f.type) === 'histogram' ? [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`] : [f.name])));
}

test('every panel query names metrics loadgen exports, through the provisioned data source', async () => {
  const dashboard = JSON.parse(read('observability/grafana/dashboards/loadgen.json')) as { uid: string; panels: Panel[] };
  const names = await exported();
  assert.ok(dashboard.panels.length >= 6, `${dashboard.panels.length} panels`);
  const datasource = read('observability/grafana/provisioning/datasources/prometheus.yml');
  for (const panel of dashboard.panels) {
    assert.ok(datasource.includes(`uid: ${panel.datasource.uid}`), `${panel.title}: data source ${panel.datasource.uid}`);
    assert.ok(panel.targets.length > 0, panel.title);
    for (const { expr } of panel.targets) {
      const used = [...expr.matchAll(/\bloadgen_[a-z0-9_]+/g)].map((m) => m[0]);
      assert.ok(used.length > 0, `${panel.title}: ${expr}`);
      for (const name of used) assert.ok(names.has(name), `${panel.title}: ${name} is not exported`);
    }
  }
});

test('the check itself: a misspelt metric is not among the exported ones', async () => {
  const names = await exported();
  assert.ok(names.has('loadgen_ack_latency_seconds_bucket'));
  assert.ok(names.has('loadgen_events_acked_total'));
  assert.not.ok(names.has('loadgen_events_ack_total'));
  assert.not.ok(names.has('loadgen_ack_latency_seconds'), 'a histogram is read through its series');
});

test('the compose profile and the local Prometheus scrape the same port, every second', () => {
  const compose = read('observability/prometheus.yml');
  const local = read('observability/prometheus.local.yml');
  assert.match(compose, /targets: \['host\.docker\.internal:9464'\]/);
  assert.match(local, /targets: \['127\.0\.0\.1:9464'\]/);
  for (const config of [compose, local]) assert.match(config, /scrape_interval: 1s/);
  const dockerCompose = read('docker-compose.yml');
  for (const service of ['prometheus', 'grafana']) assert.match(dockerCompose, new RegExp(`\\n  ${service}:\\n    image: \\S+\\n    profiles: \\[observability\\]`));
});

test.run();
