// What --metrics-port costs: `--rate max --no-consumer` runs without and with the endpoint (scraped every
// second, as Prometheus would), alternating so that the machine's drift hits both alike. Goal: the runs with
// metrics keep at least 98% of the throughput of those without.
// Usage: node dist/bench/metrics-overhead.bench.js [pairs] [seconds] [workers]   (defaults 3 15 2)
import { createServer } from 'node:net';
import { loadgen } from './child-process.js';

const pairs = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 15);
const workers = Number(process.argv[4] ?? 2);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const base = ['--rate', 'max', '--duration', `${seconds}s`, '--workers', String(workers), '--seed', '1', '--no-consumer'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rows: { metrics: boolean; rate: number; cpuUsPerEvent: number; scrapes: number }[] = [];

for (let pair = 0; pair < pairs; pair++) {
  for (const metrics of [false, true]) {
    let scrapes = 0;
    let scraper: NodeJS.Timeout | undefined;
    const extra: string[] = [];
    if (metrics) {
      const port = await freePort();
      extra.push('--metrics-port', String(port), '--metrics-linger', '2s');
      scraper = setInterval(() => {
        fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).then(() => scrapes++, () => undefined);
      }, 1000);
    }
    const r = await loadgen([...base, ...extra]).finally(() => clearInterval(scraper));
    const acked = r.summary.events.acked;
    rows.push({ metrics, rate: r.summary.achieved_rate, cpuUsPerEvent: (r.cpuS * 1e6) / acked, scrapes });
    console.log(`pair ${pair + 1} ${metrics ? 'with metrics   ' : 'without metrics'}: ${Math.round(r.summary.achieved_rate).toLocaleString('en-US')}/s, ${((r.cpuS * 1e6) / acked).toFixed(2)} us CPU/event${metrics ? `, ${scrapes} scrapes` : ''}`);
  }
}

const off = rows.filter((r) => !r.metrics);
const on = rows.filter((r) => r.metrics);
const ratio = median(on.map((r) => r.rate)) / median(off.map((r) => r.rate));
console.log(`median --rate max (${workers} workers, ${seconds} s, ${pairs} runs each): without ${Math.round(median(off.map((r) => r.rate))).toLocaleString('en-US')}/s, with --metrics-port ${Math.round(median(on.map((r) => r.rate))).toLocaleString('en-US')}/s`);
console.log(`with / without: ${ratio.toFixed(3)}x (goal >= 0.98); CPU per event ${median(off.map((r) => r.cpuUsPerEvent)).toFixed(2)} -> ${median(on.map((r) => r.cpuUsPerEvent)).toFixed(2)} us`);
