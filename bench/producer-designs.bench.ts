// The two producer designs of the load-engine issue, against the real broker, side by side in one process:
//   (a) node-rdkafka on the main thread; generator threads hand over encoded batches (src/run/load-run.ts)
//   (b) a producer in every generator thread, which needs @platformatic/rdkafka (node-rdkafka's API made
//       context-aware); it is not a dependency: pass its install directory as the first argument.
// Each design runs at --rate max and at a fixed rate, alternating, and the script prints throughput, rate
// accuracy, latency, CPU and peak RSS, with (b)/(a) ratios.
// Usage: node dist/bench/producer-designs.bench.js /path/to/node_modules/@platformatic/rdkafka [seconds] [workers] [rate]
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { DEFAULT_SCHEMAS_DIR, eventValidatorsCode } from '../src/events/schema-registry.js';
import { decode, newHistogram } from '../src/engine/histograms.js';
import { startLoad } from '../src/run/load-run.js';
import { totalSlots, dueBy } from '../src/engine/pacer.js';
import { Control, chunkSlotsFor } from '../src/engine/protocol.js';
import { resolveRunConfig, type RunConfig } from '../src/config/run-config.js';
import { systemClock } from '../src/engine/clock.js';
import { DEFAULT_SCENARIO } from '../src/model/scenario.js';
import type { InWorkerReport, InWorkerTask } from './designs/in-worker-producer.js';

const [forkDir, secondsArg, workersArg, rateArg] = process.argv.slice(2);
if (!forkDir) {
  console.error('usage: producer-designs.bench.js <@platformatic/rdkafka directory> [seconds] [workers] [rate]');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 20);
const workers = Number(workersArg ?? 2);
const fixedRate = Number(rateArg ?? 50_000);
const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const forkModule = pathToFileURL(`${forkDir}/lib/index.js`).href;

interface Result {
  readonly acked: number;
  readonly failed: number;
  readonly achieved: number;
  /** Whole seconds (excluding the first and last) whose acks were within 5% of the target. */
  readonly windowsOk: string;
  readonly publishP99: number;
  readonly ackP99: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

function config(rate: number): RunConfig {
  return resolveRunConfig(
    { rate: rate === Infinity ? 'max' : String(rate), duration: `${seconds}s`, workers: String(workers), brokers, quiet: true, seed: '1' },
    { env: {}, nowMs: Date.now(), randomU32: () => 1 },
  );
}

async function measure(run: () => Promise<{ acked: number; failed: number; perSecond: readonly number[]; publishP99: number; ackP99: number; durationS: number }>, rate: number): Promise<Result> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const cpu = process.cpuUsage();
  const r = await run();
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const inner = r.perSecond.slice(1, -1);
  const ok = rate === Infinity ? '-' : `${inner.filter((n) => Math.abs(n - rate) <= 0.05 * rate).length}/${inner.length}`;
  return { acked: r.acked, failed: r.failed, achieved: r.acked / r.durationS, windowsOk: ok, publishP99: r.publishP99, ackP99: r.ackP99, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: peak / 2 ** 20 };
}

async function designA(rate: number): Promise<Result> {
  return measure(async () => {
    const run = await startLoad({ config: config(rate), scenario: DEFAULT_SCENARIO, schemasDir: DEFAULT_SCHEMAS_DIR, onProgress: () => undefined });
    const o = await run.done;
    return {
      acked: o.accounting.acked, failed: o.accounting.failed, perSecond: o.accounting.perSecond, durationS: o.durationS,
      publishP99: o.latency.overall('publish_delay').getValueAtPercentile(99) / 1000, ackP99: o.latency.overall('ack').getValueAtPercentile(99) / 1000,
    };
  }, rate);
}

async function designB(rate: number): Promise<Result> {
  const c = config(rate);
  return measure(async () => {
    const control = new SharedArrayBuffer(Control.bytes);
    const cells = new Int32Array(control, 0, 2);
    const chunkSlots = chunkSlotsFor(c.schedule);
    const pool = new Piscina({ filename: fileURLToPath(new URL('./designs/in-worker-producer.js', import.meta.url)), minThreads: workers, maxThreads: workers, atomics: 'async' });
    let ready = 0;
    let allReady: () => void = () => undefined;
    const readyP = new Promise<void>((resolve) => (allReady = resolve));
    const tasks = Array.from({ length: workers }, (_, worker) => {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', () => {
        if (++ready === workers) allReady();
      });
      const task: InWorkerTask = {
        worker, workers, seed: 1, scenario: DEFAULT_SCENARIO, validators: eventValidatorsCode(), injectInvalid: 0, schedule: c.schedule, spikes: c.spikes, timeline: c.timeline, chunkSlots,
        control, port: port2, kafkaModule: forkModule, brokers, properties: c.properties, runId: c.runId,
      };
      return (pool.run(task, { transferList: [port2] }) as Promise<InWorkerReport>).finally(() => port1.close());
    });
    await readyP;
    const t0Us = systemClock.nowUs() + 50_000;
    new Float64Array(control, Control.startMsOffset, 1)[0] = t0Us / 1000;
    const total = totalSlots(c.schedule);
    const raise = () => {
      const allowed = Math.min(Math.ceil(dueBy(c.schedule, (systemClock.nowUs() - t0Us) / 1e6 + 0.25) / chunkSlots), 2 ** 31 - 1);
      const capped = rate === Infinity ? Atomics.load(cells, 0) + 4 * workers : allowed;
      if (capped > Atomics.load(cells, Control.allowedChunks)) {
        Atomics.store(cells, Control.allowedChunks, capped);
        Atomics.notify(cells, Control.allowedChunks);
      }
    };
    raise();
    const timer = setInterval(raise, 5);
    const stop = setTimeout(() => {
      Atomics.store(cells, Control.stop, 1);
      Atomics.notify(cells, Control.allowedChunks);
    }, rate === Infinity ? seconds * 1000 : 1e9);
    const reports = await Promise.all(tasks);
    clearInterval(timer);
    clearTimeout(stop);
    const durationS = (systemClock.nowUs() - t0Us) / 1e6;
    await pool.destroy();
    void total;
    // Merge the threads' histograms from their compressed encodings.
    const merged = (metric: string) => {
      const h = newHistogram();
      for (const r of reports) for (const e of r.histograms[metric] ?? []) h.add(decode(e));
      return h.getValueAtPercentile(99) / 1000;
    };
    const perSecond: number[] = [];
    for (const r of reports) r.perSecond.forEach((n, i) => {
      perSecond[i] = (perSecond[i] ?? 0) + n;
    });
    return {
      acked: reports.reduce((n, r) => n + r.acked, 0), failed: reports.reduce((n, r) => n + r.failed, 0), perSecond, durationS,
      publishP99: merged('publish_delay'), ackP99: merged('ack'),
    };
  }, rate);
}

const rows: [string, Result][] = [];
for (const rate of [Infinity, fixedRate]) {
  const label = rate === Infinity ? 'max' : `${fixedRate}/s`;
  rows.push([`(a) main-thread producer, ${label}`, await designA(rate)]);
  rows.push([`(b) producer per worker,  ${label}`, await designB(rate)]);
}
console.log(`producer designs, ${workers} generator threads, ${seconds} s per run, broker ${brokers}`);
console.log('design                               acked/s  failed  1-s windows ±5%  publish p99 ms  ack p99 ms  CPU s  peak RSS MB');
for (const [label, r] of rows) {
  console.log(`${label.padEnd(36)} ${Math.round(r.achieved).toString().padStart(8)} ${String(r.failed).padStart(7)}  ${r.windowsOk.padStart(15)}  ${r.publishP99.toFixed(1).padStart(14)}  ${r.ackP99.toFixed(1).padStart(10)}  ${r.cpuSeconds.toFixed(1).padStart(5)}  ${r.peakRssMb.toFixed(0).padStart(11)}`);
}
for (let i = 0; i < rows.length; i += 2) {
  const a = rows[i]?.[1];
  const b = rows[i + 1]?.[1];
  if (a && b) console.log(`(b)/(a) ${rows[i]?.[0].split(', ')[1]}: throughput ${(b.achieved / a.achieved).toFixed(2)}x, CPU ${(b.cpuSeconds / a.cpuSeconds).toFixed(2)}x, RSS ${(b.peakRssMb / a.peakRssMb).toFixed(2)}x`);
}
