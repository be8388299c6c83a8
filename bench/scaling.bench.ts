// `make bench-scaling`: how loadgen's saturating throughput grows with worker threads, for each producer
// design, beside librdkafka's own C producer (rdkafka_performance) and, against the real broker, Kafka's
// ProducerPerformance, in the same invocation (the machine is noisy: compare within a run). Each row:
// `loadgen --rate max --workers W --no-consumer` for a few seconds: events/s, loadgen's process CPU per acked
// event (user + system / acked: generation and client together), peak RSS, and the ratios to the peers at
// the same mean record size, acks, idempotence, linger and compression.
// target broker: the local broker ($KAFKA_BROKERS); mock: a librdkafka mock cluster (3 brokers) started
// here, which measures loadgen's own cost and scaling, never a broker's latency.
// Writes bench/results/<time>-scaling/scaling.json.
// Usage: node dist/bench/scaling.bench.js [seconds=15] [workers=1,2,4,...,cores] [designs=native,rdkafka] [target=broker|mock]
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { brokers, loadgen, root } from './child-process.js';
import { startMockCluster, type MockCluster } from './mock-cluster.js';
import { producerPerformance, type PeerResult } from './peers.js';
import { rdkafkaPerformance, type RdkafkaPerformanceResult } from './rdkafka-performance.js';

const seconds = Number(process.argv[2] ?? 15);
const cores = availableParallelism();
const workerCounts = [...new Set((process.argv[3] || [1, 2, 4, 8, 16].filter((w) => w < cores).concat(cores).join(',')).split(',').map(Number))];
const designs = (process.argv[4] || 'native,rdkafka').split(',');
const target = process.argv[5] || 'broker';
if (target !== 'broker' && target !== 'mock') throw new Error(`target: broker or mock, not ${target}`);

interface Row {
  readonly design: string;
  readonly workers: number;
  readonly events_per_s: number;
  readonly cpu_us_per_event: number;
  readonly peak_rss_mb: number;
  readonly failed: number;
  readonly mean_record_bytes: number;
}

const mock: MockCluster | null = target === 'mock' ? await startMockCluster(3) : null;
const bootstrap = mock?.bootstrap ?? brokers;
console.log(`bench-scaling: --rate max --no-consumer for ${seconds} s against ${target === 'mock' ? `a mock cluster (${bootstrap})` : bootstrap}, ${cores} cores`);
const rows: Row[] = [];
let pp: PeerResult | undefined;
let rdkafka: RdkafkaPerformanceResult | undefined;
try {
  for (const design of designs) {
    for (const workers of workerCounts) {
      const r = await loadgen(['--rate', 'max', '--duration', `${seconds}s`, '--workers', String(workers), '--producer', design, '--no-consumer', '--seed', '1'], {}, [0], bootstrap);
      const s = r.summary;
      const row: Row = {
        design, workers, events_per_s: Math.round(s.achieved_rate), cpu_us_per_event: Math.round(((r.cpuS * 1e6) / Math.max(1, s.events.acked)) * 100) / 100,
        peak_rss_mb: Math.round(r.peakRssMb), failed: s.events.failed, mean_record_bytes: Math.round(s.events.bytes / Math.max(1, s.events.acked)),
      };
      rows.push(row);
      console.log(`  ${design.padEnd(7)} --workers ${String(workers).padStart(2)}: ${String(row.events_per_s).padStart(9)} events/s  ${row.cpu_us_per_event} us CPU/event  ${row.peak_rss_mb} MB  failed ${row.failed}`);
      // The peers once, after the first loadgen run, at that run's record size and settings.
      if (!rdkafka) {
        rdkafka = await rdkafkaPerformance(bootstrap, 'product-clicks', Math.round(Math.max(row.events_per_s, 100_000) * seconds), row.mean_record_bytes, s.config.properties as Record<string, string>);
        console.log(`  rdkafka_performance: ${rdkafka.rate} records/s of ${row.mean_record_bytes} B, ${rdkafka.cpu_us_per_record.toFixed(2)} us CPU/record, failed ${rdkafka.failed}`);
      }
      if (!pp && target === 'broker') {
        pp = await producerPerformance(s, -1, seconds);
        console.log(`  ProducerPerformance: ${Math.round(pp.rate)} records/s of ${pp.record_size} B, ${pp.cpu_us_per_record.toFixed(2)} us CPU/record (JVM start included), ${Math.round(pp.peak_rss_mb)} MB`);
      }
    }
  }
} finally {
  mock?.stop();
}
const ratio = (x: number, peer: { rate: number } | undefined) => (peer ? `${(x / peer.rate).toFixed(2)}x` : '-');
console.log('');
console.log(`| design | workers | events/s | / rdkafka_performance | / ProducerPerformance | CPU us/event | peak RSS MB | failed |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.design} | ${r.workers} | ${r.events_per_s.toLocaleString('en-US')} | ${ratio(r.events_per_s, rdkafka)} | ${ratio(r.events_per_s, pp)} | ${r.cpu_us_per_event} | ${r.peak_rss_mb} | ${r.failed} |`);
}
const out = join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-scaling-${target}`);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scaling.json'), `${JSON.stringify({ target, bootstrap, cores, seconds, rows, rdkafka_performance: rdkafka ?? null, producer_performance: pp ?? null }, null, 2)}\n`);
console.log(`results: ${out}`);
