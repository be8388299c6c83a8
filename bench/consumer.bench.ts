// Does the companion consumer keep up? Two measurements against the local broker:
//   1. Capacity: a consumer (loadgen consume --run-id) reads while loadgen --rate max --no-consumer writes N
//      events; how fast it read, and how long after the producer's end it still needed (its lag at the end).
//   2. The headline run with its consumer: loadgen --rate R --workers W --duration S; per 10-second window,
//      received/s against acked/s, and the uncorrected p50s (from the actual send time) of ack and e2e. A
//      consumer falling behind shows as a rising e2e. (When the producer's main thread is saturated, its ack
//      figures include its own backlog of delivery reports and can exceed e2e.)
// Usage: node dist/bench/consumer.bench.js [events] [seconds] [rate] [workers]   (defaults 1000000 60 50000 8)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsumerSummary } from '../src/consumer/consumer-results.js';
import { readIntervalLog, type LoggedInterval } from '../src/engine/interval-log.js';
import { newHistogram } from '../src/engine/histograms.js';
import { brokers, loadgen, root } from './child-process.js';
import { hostLine } from '../src/report/summary.js';

const events = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 60);
const rate = Number(process.argv[4] ?? 50_000);
const workers = Number(process.argv[5] ?? 8);

// 1. Capacity. The run id is fixed by --seed and the clock, so the consumer adopts the first run it sees.
const consumeOut = mkdtempSync(join(tmpdir(), 'loadgen-bench-consume-'));
const consumer = spawn('node', ['dist/src/cli/main.js', 'consume', '--idle', '3s', '--out', consumeOut, '--brokers', brokers], { cwd: root });
let consumerErr = '';
await new Promise<void>((resolve) => consumer.stderr.on('data', (d: Buffer) => {
  consumerErr += d.toString();
  if (consumerErr.includes('measuring')) resolve();
}));
const consumerDone = new Promise<number>((resolve) => consumer.on('close', () => resolve(performance.now())));
const producer = await loadgen(['--rate', 'max', '--count', String(events), '--workers', '2', '--no-consumer']);
const producerEnd = performance.now();
const consumerEnd = await consumerDone;
const c = JSON.parse(readFileSync(join(consumeOut, 'consumer.json'), 'utf8')) as ConsumerSummary;
// The consumer stops 3 s (--idle) after its last record; its last record came about that long before its exit.
const tailS = Math.max(0, (consumerEnd - producerEnd) / 1000 - 3);
console.log(`capacity: ${events} events at --rate max (producer alone: ${Math.round(producer.summary.achieved_rate)}/s acked over ${producer.summary.duration_s} s)`);
console.log(`  consumer received ${c.received} (lost ${c.lost}, duplicates ${c.duplicates}); still reading about ${tailS.toFixed(1)} s after the producer ended`);
console.log(`  consumer rate >= ${Math.round(c.received / (producer.summary.duration_s + tailS))}/s while competing with the producer for the 2 cores`);

// 2. The headline with its consumer.
const headline = await loadgen(['--rate', String(rate), '--workers', String(workers), '--duration', `${seconds}s`, '--seed', '1']);
const s = headline.summary;
const log = (metric: string) => readIntervalLog(readFileSync(join(headline.out, `${metric}.hlog`), 'utf8')).filter((i) => i.tag === null);
const windows = (intervals: LoggedInterval[]) => {
  const out = new Map<number, ReturnType<typeof newHistogram>>();
  for (const i of intervals) {
    const w = Math.floor(i.startS / 10);
    if (!out.has(w)) out.set(w, newHistogram());
    out.get(w)?.add(i.histogram);
  }
  return out;
};
const received = windows(log('e2e_uncorrected'));
const acked = windows(log('ack_uncorrected'));
console.log(`headline with consumer: --rate ${rate} --workers ${workers} --duration ${seconds}s: achieved ${Math.round(s.achieved_rate)}/s, received ${s.consumer?.received} of ${s.events.acked} acked, lost ${s.consumer?.lost}, drained ${s.consumer?.drained}, wall ${headline.wallS.toFixed(0)} s, peak RSS ${headline.peakRssMb.toFixed(0)} MB (producer process), ${headline.childPeakRssMb.toFixed(0)} MB (consumer process)`);
if (s.host) console.log(`  ${hostLine(s.host)}`);
console.log('  window   acked/s  received/s  ack p50 ms  e2e p50 ms   (p50s uncorrected: from the actual send)');
for (const [w, a] of acked) {
  const r = received.get(w);
  const ackP50 = a.getValueAtPercentile(50) / 1000;
  const e2eP50 = (r?.getValueAtPercentile(50) ?? NaN) / 1000;
  console.log(`  ${String(w * 10).padStart(3)}-${String(w * 10 + 10).padEnd(3)}  ${String(Math.round(a.totalCount / 10)).padStart(7)}  ${String(Math.round((r?.totalCount ?? 0) / 10)).padStart(10)}  ${ackP50.toFixed(1).padStart(10)}  ${e2eP50.toFixed(1).padStart(10)}`);
}
