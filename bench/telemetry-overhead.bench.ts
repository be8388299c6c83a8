// What loadgen's telemetry costs at `--rate max --no-consumer`: runs without it, with --metrics-port (scraped
// every second, as Prometheus would) and with --trace-sample 0.01 (traceparent headers and the producer
// threads' span bookkeeping; no export endpoint, so no backend's speed is measured), in rounds, each
// variant once per round, so that the machine's drift hits all alike. Goal: each keeps at least 98% of the
// throughput without it. Figures: events/s and CPU µs per acked event (the process and its children).
// Usage: node dist/bench/telemetry-overhead.bench.js [rounds] [seconds] [workers]   (defaults 3 15 2)
import { loadgen } from './child-process.js';
import { freePort } from '../test/support/ports.js';

const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 15);
const workers = Number(process.argv[4] ?? 2);

type Variant = 'without' | 'metrics' | 'traces';
const VARIANTS: readonly Variant[] = ['without', 'metrics', 'traces'];
const base = ['--rate', 'max', '--duration', `${seconds}s`, '--workers', String(workers), '--seed', '1', '--no-consumer'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rows: { variant: Variant; rate: number; cpuUsPerEvent: number }[] = [];

for (let round = 0; round < rounds; round++) {
  for (const variant of VARIANTS) {
    let scraper: NodeJS.Timeout | undefined;
    const extra: string[] = [];
    if (variant === 'metrics') {
      const port = await freePort();
      extra.push('--metrics-port', String(port), '--metrics-linger', '2s');
      scraper = setInterval(() => void fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => undefined), 1000);
    } else if (variant === 'traces') {
      extra.push('--trace-sample', '0.01');
    }
    const r = await loadgen([...base, ...extra]).finally(() => clearInterval(scraper));
    const cpuUsPerEvent = (r.cpuS * 1e6) / r.summary.events.acked;
    rows.push({ variant, rate: r.summary.achieved_rate, cpuUsPerEvent });
    console.log(`round ${round + 1} ${variant.padEnd(7)}: ${Math.round(r.summary.achieved_rate).toLocaleString('en-US')}/s, ${cpuUsPerEvent.toFixed(2)} us CPU/event`);
  }
}

const of = (variant: Variant) => rows.filter((r) => r.variant === variant);
const rate = (variant: Variant) => median(of(variant).map((r) => r.rate));
const cpu = (variant: Variant) => median(of(variant).map((r) => r.cpuUsPerEvent));
console.log(`medians, --rate max, ${workers} workers, ${seconds} s, ${rounds} runs each:`);
for (const variant of VARIANTS) {
  const ratio = variant === 'without' ? '' : `  ${(rate(variant) / rate('without')).toFixed(3)}x of without (goal >= 0.98)`;
  console.log(`  ${variant.padEnd(7)} ${Math.round(rate(variant)).toLocaleString('en-US')}/s, ${cpu(variant).toFixed(2)} us CPU/event${ratio}`);
}
