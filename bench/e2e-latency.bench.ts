// End-to-end latency at a low fixed rate, by how the companion consumer takes records from librdkafka,
// side by side in one invocation (the machine is noisy: compare within a run, not across runs):
//   node-rdkafka consume(n) with its default 1 s timeout  (waits for each message until the batch is full)
//   node-rdkafka consume(n) with partition EOF, 100 ms    (a batch ends once the partitions are drained)
//   node-rdkafka flowing consume() with no loop sleep      (the previous default)
//   consumer threads over loadgen's addon                  (the default: a batch per call, never waiting for a full one)
// Each: loadgen --rate R --duration S --workers 1 -X linger.ms=0. The ack column shows what the broker round
// trip costs (produce -> ack, acks=all); e2e - ack is what fetching and handing over to JavaScript adds.
// Usage: node dist/bench/e2e-latency.bench.js [seconds] [rate]   (defaults 20 1000)
import { loadgen } from './child-process.js';

const seconds = Number(process.argv[2] ?? 20);
const rate = Number(process.argv[3] ?? 1000);

const modes = [
  { name: 'node-rdkafka consume(n), 1 s timeout', env: { LOADGEN_CONSUME_MODE: 'batch', LOADGEN_CONSUME_TIMEOUT_MS: '1000', LOADGEN_CONSUME_EOF: '0' } },
  { name: 'node-rdkafka consume(n) + EOF', env: { LOADGEN_CONSUME_MODE: 'batch', LOADGEN_CONSUME_TIMEOUT_MS: '100' } },
  { name: 'node-rdkafka flowing', env: { LOADGEN_CONSUME_MODE: 'flowing' } },
  { name: 'native threads (default)', env: {} },
];

const rows: string[][] = [['mode', 'e2e p50', 'e2e p90', 'e2e p99', 'ack p50', 'ack p99', 'e2e-ack p50', 'e2e p50 / default']];
const results = [];
for (const mode of modes) {
  const { summary } = await loadgen(['--rate', String(rate), '--duration', `${seconds}s`, '--workers', '1', '--seed', '1', '-X', 'linger.ms=0'], mode.env);
  if (summary.consumer?.received !== summary.events.acked) throw new Error(`${mode.name}: received ${summary.consumer?.received} of ${summary.events.acked}`);
  results.push({ mode, summary });
}
const defaultP50 = results.at(-1)?.summary.latency_ms.e2e?.p50 ?? NaN;
for (const { mode, summary } of results) {
  const e2e = summary.latency_ms.e2e;
  const ack = summary.latency_ms.ack;
  rows.push([mode.name, `${e2e?.p50}`, `${e2e?.p90}`, `${e2e?.p99}`, `${ack?.p50}`, `${ack?.p99}`, ((e2e?.p50 ?? NaN) - (ack?.p50 ?? NaN)).toFixed(3), `${((e2e?.p50 ?? NaN) / defaultP50).toFixed(1)}x`]);
}
console.log(`end-to-end latency (ms) at ${rate}/s for ${seconds} s, linger.ms=0, acks=all, 1 generator thread`);
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[0] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
