// The load engine's targets, against the local broker, measured as a user runs loadgen (a child process):
//   1. --rate 50000 --workers 8 for 60 s: achieved rate within 1% of the target, every inner 1-second window
//      within 5%, publish-delay p99 <= 5 ms, zero failed, peak RSS <= 300 MB;
//   2. --rate max, and Kafka's own ProducerPerformance (from .kafka/lib) at loadgen's mean record size, acks
//      and compression, in the same script, reported as a ratio (goal >= 0.9).
// The producer runs alone (--no-consumer), like ProducerPerformance.
// Usage: node dist/bench/load.bench.js [seconds] [rate] [workers]   (defaults 60 50000 8)
import { hostLine, type RunSummary } from '../src/report/summary.js';
import { loadgen as runLoadgen } from './child-process.js';
import { describeMachineNoise, measureMachineNoise } from './machine-noise.js';
import { producerPerformance } from './peers.js';

const seconds = Number(process.argv[2] ?? 60);
const rate = Number(process.argv[3] ?? 50_000);
const workers = Number(process.argv[4] ?? 8);

/**
 * The producer alone (--no-consumer): ProducerPerformance has no consumer, and on 2 cores the companion
 * consumer's CPU comes out of the producer's. bench/consumer.bench.ts measures runs with it.
 */
async function loadgen(args: string[]): Promise<{ summary: RunSummary; peakRssMb: number }> {
  return runLoadgen([...args, '--workers', String(workers), '--seed', '1', '--no-consumer']);
}

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

// The publish-delay target is a scheduling figure: how quiet the machine is now, read beside it.
console.log(describeMachineNoise(await measureMachineNoise()));

// 1. The headline run.
const headline = await loadgen(['--rate', String(rate), '--duration', `${seconds}s`]);
const s = headline.summary;
const inner = s.per_second.slice(1, -1);
const windowsOk = inner.filter((w) => Math.abs(w.acked - rate) <= 0.05 * rate).length;
const accuracy = s.achieved_rate / rate - 1;
const publishP99 = s.latency_ms.publish_delay?.p99 ?? NaN;
console.log(`headline: loadgen --rate ${rate} --workers ${workers} --duration ${seconds}s (run ${s.run_id})`);
console.log(`  achieved ${Math.round(s.achieved_rate)}/s (${(accuracy * 100).toFixed(2)}%)            target within ±1%: ${verdict(Math.abs(accuracy) <= 0.01)}`);
console.log(`  1-second windows within ±5%: ${windowsOk}/${inner.length}        target all: ${verdict(windowsOk === inner.length)}`);
console.log(`  publish-delay p99 ${publishP99} ms                 target <= 5 ms: ${verdict(publishP99 <= 5)}`);
console.log(`  failed ${s.events.failed}                              target 0: ${verdict(s.events.failed === 0)}`);
console.log(`  peak RSS ${headline.peakRssMb.toFixed(0)} MB                      target <= 300 MB: ${verdict(headline.peakRssMb <= 300)}`);
console.log(`  ack p50/p99 ${s.latency_ms.ack?.p50}/${s.latency_ms.ack?.p99} ms; generator saturated: ${s.generator.saturated} (${s.generator.saturated_seconds} s)`);
// During the run (the noise probe above is idle): CPU to spare, and the hypervisor's share.
if (s.host) console.log(`  ${hostLine(s.host)}`);

// 2. Saturating throughput, loadgen and ProducerPerformance at the same record size, acks and compression.
const maxSeconds = Math.min(seconds, 30);
const max = await loadgen(['--rate', 'max', '--duration', `${maxSeconds}s`]);
const pp = await producerPerformance(max.summary, -1, maxSeconds);
const props = max.summary.config.properties;
console.log(`max: loadgen --rate max --workers ${workers} for ${maxSeconds}s: ${Math.round(max.summary.achieved_rate)}/s, mean value ${pp.record_size} B, failed ${max.summary.events.failed}, peak RSS ${max.peakRssMb.toFixed(0)} MB`);
console.log(`     ProducerPerformance ${pp.records} records of ${pp.record_size} B, acks=${props['acks']}, ${props['compression.type']}: ${Math.round(pp.rate)}/s, peak RSS ${pp.peak_rss_mb.toFixed(0)} MB`);
console.log(`     loadgen / ProducerPerformance: ${(max.summary.achieved_rate / pp.rate).toFixed(2)}x (goal >= 0.9)`);
