// `make bench-scaling`: how loadgen's saturating throughput grows with worker threads, for each producer
// design, beside Kafka's ProducerPerformance in the same invocation (the machine is noisy: compare within a
// run). Each row: `loadgen --rate max --workers W --no-consumer` for a few seconds against the local broker:
// events/s, loadgen's process CPU per acked event (user + system / acked: generation and client together),
// peak RSS, and the ratio to ProducerPerformance at the same mean record size, acks, idempotence, linger and
// compression. Writes bench/results/<time>-scaling/scaling.json.
// Usage: node dist/bench/scaling.bench.js [seconds=15] [workers=1,2,...,cores] [designs=native,rdkafka]
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { brokers, loadgen, root } from './child-process.js';
import { producerPerformance, type PeerResult } from './peers.js';

const seconds = Number(process.argv[2] ?? 15);
const cores = availableParallelism();
const workerCounts = (process.argv[3] ?? [1, 2, 4, 8, 16].filter((w) => w < cores).concat(cores).join(',')).split(',').map(Number);
const designs = (process.argv[4] ?? 'native,rdkafka').split(',');

interface Row {
  readonly design: string;
  readonly workers: number;
  readonly events_per_s: number;
  readonly cpu_us_per_event: number;
  readonly peak_rss_mb: number;
  readonly failed: number;
  readonly mean_record_bytes: number;
}

console.log(`bench-scaling: --rate max --no-consumer for ${seconds} s against ${brokers}, ${cores} cores`);
const rows: Row[] = [];
let peer: PeerResult | undefined;
for (const design of designs) {
  for (const workers of [...new Set(workerCounts)]) {
    const r = await loadgen(['--rate', 'max', '--duration', `${seconds}s`, '--workers', String(workers), '--producer', design, '--no-consumer', '--seed', '1']);
    const s = r.summary;
    rows.push({
      design, workers, events_per_s: Math.round(s.achieved_rate), cpu_us_per_event: Math.round(((r.cpuS * 1e6) / Math.max(1, s.events.acked)) * 100) / 100,
      peak_rss_mb: Math.round(r.peakRssMb), failed: s.events.failed, mean_record_bytes: Math.round(s.events.bytes / Math.max(1, s.events.acked)),
    });
    console.log(`  ${design.padEnd(7)} --workers ${String(workers).padStart(2)}: ${s.achieved_rate.toFixed(0).padStart(9)} events/s  ${rows.at(-1)?.cpu_us_per_event} us CPU/event  ${Math.round(r.peakRssMb)} MB  failed ${s.events.failed}`);
    // The peer once, after the first loadgen run, at that run's record size and settings.
    peer ??= await producerPerformance(s, -1, seconds);
  }
}
if (!peer) throw new Error('no rows');
console.log(`  ProducerPerformance: ${Math.round(peer.rate)} records/s of ${peer.record_size} B, ${peer.cpu_us_per_record.toFixed(2)} us CPU/record (JVM start included), ${Math.round(peer.peak_rss_mb)} MB`);
console.log('');
console.log('| design | workers | events/s | / ProducerPerformance | CPU us/event | peak RSS MB | failed |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.design} | ${r.workers} | ${r.events_per_s.toLocaleString('en-US')} | ${(r.events_per_s / peer.rate).toFixed(2)}x | ${r.cpu_us_per_event} | ${r.peak_rss_mb} | ${r.failed} |`);
}
const out = join(root, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-scaling`);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scaling.json'), JSON.stringify({ brokers, cores, seconds, rows, peer }, null, 2) + '\n');
console.log(`results: ${out}`);
