// `make bench`: every scenario in bench/scenarios/ as a user runs it (loadgen as a child process), and Kafka's
// own ProducerPerformance (from .kafka/lib) on the same broker with the same record size, acks and
// compression, side by side in one invocation, reported as ratios (the machine is noisy: compare within a
// run). Writes bench/results/<timestamp>/: each run's results directory, bench.json (raw figures) and
// bench.md (the table); prints the table.
// Usage: node dist/bench/bench.js [scenario name filter]
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokers, loadgen, root } from './child-process.js';
import { describeMachineNoise, measureMachineNoise } from './machine-noise.js';
import { producerPerformance } from './peers.js';

interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly args: readonly string[];
  /** max: ProducerPerformance --throughput -1; same-rate: at the scenario's --rate. */
  readonly peer?: 'max' | 'same-rate';
}

interface Row {
  readonly scenario: string;
  readonly target: number | null;
  readonly achieved: number;
  readonly publish_delay_p99_ms: number | null;
  readonly ack_p99_ms: number | null;
  readonly ack_uncorrected_p99_ms: number | null;
  readonly e2e_p99_ms: number | null;
  readonly lost: number | null;
  readonly failed: number;
  readonly peak_rss_mb: number;
  /** The companion consumer's peak RSS (a process of its own); null without the consumer. */
  readonly consumer_rss_mb: number | null;
  readonly peer?: { readonly rate: number; readonly p99_ms: number; readonly record_size: number };
  readonly throughput_ratio?: number;
  readonly ack_p99_ratio?: number;
}

const filter = process.argv[2] ?? '';
const dir = join(root, 'bench', 'scenarios');
const scenarios: Scenario[] = readdirSync(dir).filter((f) => f.endsWith('.json') && f.includes(filter)).sort().map((f) => ({
  name: f.replace(/^\d+[a-z]?-|\.json$/g, ''),
  ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<Scenario, 'name'>),
}));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = join(root, 'bench', 'results', stamp);
mkdirSync(out, { recursive: true });

const rows: Row[] = [];
const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits }));
const header = '| scenario | target/s | achieved/s | publish p99 ms | ack p99 ms (uncorr.) | e2e p99 ms | lost | failed | RSS MB | consumer RSS MB | ProducerPerformance/s | its p99 ms | throughput ratio | ack p99 ratio |';
const line = (r: Row) =>
  `| ${r.scenario} | ${fmt(r.target)} | ${fmt(r.achieved)} | ${fmt(r.publish_delay_p99_ms, 1)} | ${fmt(r.ack_p99_ms, 1)} (${fmt(r.ack_uncorrected_p99_ms, 1)}) | ${fmt(r.e2e_p99_ms, 1)} | ${fmt(r.lost)} | ${fmt(r.failed)} | ${fmt(r.peak_rss_mb)} | ${fmt(r.consumer_rss_mb)} | ` +
  `${fmt(r.peer?.rate)} | ${fmt(r.peer?.p99_ms)} | ${r.throughput_ratio === undefined ? '-' : `${r.throughput_ratio.toFixed(2)}x`} | ${r.ack_p99_ratio === undefined ? '-' : `${r.ack_p99_ratio.toFixed(2)}x`} |`;
console.log(`make bench: ${scenarios.length} scenarios against ${brokers}; results in ${out}`);
// A broker that has just started is not what anyone measures: its JVM compiles and sizes its heap under the
// first heavy load. Run right after `make up`, the headline measured publish-delay p99 576 ms and end-to-end
// p99 662 ms, against 6 ms and 35 ms on a broker that had run before (one run each). So the broker gets 20 s
// at the headline's rate first, without the consumer, reported only as this line.
const warm = await loadgen(['--rate', '50000', '--workers', '2', '--duration', '20s', '--no-consumer', '--seed', '1']);
rmSync(warm.out, { recursive: true, force: true });
console.log(`broker warm-up: 20 s at 50,000/s (${warm.summary.events.acked.toLocaleString('en-US')} acked), not reported`);
// The latency figures below depend on how quiet the machine is as much as on loadgen and the broker
// (bench/machine-noise.ts): measured now, with the broker idle, and kept beside them.
const noise = await measureMachineNoise();
console.log(describeMachineNoise(noise));
console.log(header);
console.log(header.replace(/[^|]/g, '-').replace(/\|-/g, '|-'));
for (const scenario of scenarios) {
  const result = await loadgen([...scenario.args, '--seed', '1']);
  renameSync(result.out, join(out, scenario.name));
  const s = result.summary;
  let row: Row = {
    scenario: scenario.name, target: s.target_rate, achieved: s.achieved_rate, publish_delay_p99_ms: s.latency_ms.publish_delay?.p99 ?? null,
    ack_p99_ms: s.latency_ms.ack?.p99 ?? null, ack_uncorrected_p99_ms: s.latency_ms.ack_uncorrected?.p99 ?? null, e2e_p99_ms: s.latency_ms.e2e?.p99 ?? null,
    lost: s.consumer?.lost ?? null, failed: s.events.failed, peak_rss_mb: Math.round(result.peakRssMb),
    consumer_rss_mb: s.consumer ? Math.round(result.childPeakRssMb) : null,
  };
  if (scenario.peer) {
    const seconds = s.duration_s;
    const peer = await producerPerformance(s, scenario.peer === 'max' ? -1 : (s.target_rate ?? -1), Math.min(seconds, 30));
    row = {
      ...row, peer: { rate: peer.rate, p99_ms: peer.p99_ms, record_size: peer.record_size },
      throughput_ratio: s.achieved_rate / peer.rate,
      // ProducerPerformance's latency is from its send() call: compare it with loadgen's uncorrected ack.
      ...(scenario.peer === 'same-rate' && row.ack_uncorrected_p99_ms !== null && peer.p99_ms > 0 ? { ack_p99_ratio: row.ack_uncorrected_p99_ms / peer.p99_ms } : {}),
    };
  }
  rows.push(row);
  console.log(line(row));
}
writeFileSync(join(out, 'bench.json'), `${JSON.stringify({ brokers, machine_noise: noise, scenarios, rows }, null, 2)}\n`);
writeFileSync(join(out, 'bench.md'), [`# make bench, ${stamp}`, '', describeMachineNoise(noise), '', header, header.replace(/[^|]/g, '-'), ...rows.map(line), ''].join('\n'));
console.log(`ratios: loadgen / ProducerPerformance (throughput: higher is better; ack p99: lower is better, uncorrected against its own)`);
