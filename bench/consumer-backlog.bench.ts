// The measuring consumer alone on a backlog, beside kcat (librdkafka's C consumer), in one invocation:
// every record the five pipeline topics hold, read from the beginning. kcat reads topic by topic
// (`kcat -C -e -q -o beginning -f 'x\n'`, output counted); loadgen reads them all at once with
// `loadgen consume --from-beginning --idle 3s --run-id <the latest run> --consumer-threads T`, measuring that
// run's records (the rest count as foreign). loadgen's rate is records / (wall time - the 3 s idle wait: a
// shorter one can end the read early when the broker pauses to read old segments from disk);
// the wall times include each tool's start (kcat's about 20 ms per topic, loadgen's about 0.5 s).
// Usage: node dist/bench/consumer-backlog.bench.js [min-records] [threads, comma-separated]  (defaults 5000000 1,2)
// With fewer records than min-records retained, loadgen --rate max --no-consumer adds the difference first.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsumerSummary } from '../src/consumer/consumer-results.js';
import { TOPICS } from '../src/events/event-types.js';
import { NativeConsumer } from '../src/kafka/native-consumer.js';
import { brokers, loadgen, root, runTimed } from './child-process.js';

const minRecords = Number(process.argv[2] ?? 5_000_000);
const threadCounts = (process.argv[3] ?? '1,2').split(',').map(Number);

function retained(): number {
  const probe = new NativeConsumer({ brokers, topics: TOPICS, runId: null });
  try {
    let total = 0;
    probe.connect(10_000).forEach((partitions, topicIndex) => {
      for (let p = 0; p < partitions; p++) {
        const { low, high } = probe.watermarks(topicIndex, p, 10_000);
        total += high - low;
      }
    });
    return total;
  } finally {
    probe.close();
  }
}

let total = retained();
if (total < minRecords) {
  console.log(`backlog: ${total.toLocaleString('en-US')} records retained; producing ${(minRecords - total).toLocaleString('en-US')} more`);
  await loadgen(['--rate', 'max', '--count', String(minRecords - total), '--workers', '2', '--no-consumer', '--quiet']);
  total = retained();
}
// The run to measure: the newest run's results directory (run ids sort by time).
const runId = readdirSync(join(root, 'results')).filter((d) => /^\d{8}T\d{6}Z-[0-9a-f]+$/.test(d)).sort().at(-1) ?? 'none';

const rows: string[][] = [['reader', 'records', 'wall s', 'records/s', 'CPU us/record', 'peak RSS MB', '/ kcat']];
let kcatRecords = 0;
let kcatWall = 0;
let kcatCpu = 0;
for (const topic of TOPICS) {
  const r = await runTimed('bash', ['-c', `kcat -C -b ${brokers} -t ${topic} -o beginning -e -q -f 'x\\n' | wc -l`]);
  kcatRecords += Number(r.stdout.trim());
  kcatWall += r.wallS;
  kcatCpu += r.cpuS;
}
const kcatRate = kcatRecords / kcatWall;
rows.push(['kcat, topic by topic', kcatRecords.toLocaleString('en-US'), kcatWall.toFixed(1), Math.round(kcatRate).toLocaleString('en-US'), ((kcatCpu * 1e6) / kcatRecords).toFixed(2), '-', '1.00x']);

for (const threads of threadCounts) {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-bench-backlog-'));
  const r = await runTimed('node', ['dist/src/cli/main.js', 'consume', '--from-beginning', '--idle', '3s', '--run-id', runId, '--consumer-threads', String(threads), '--out', out, '--brokers', brokers]);
  if (r.code !== 0) throw new Error(`loadgen consume failed (${r.code}): ${r.stderr}`);
  const c = JSON.parse(readFileSync(join(out, 'consumer.json'), 'utf8')) as ConsumerSummary;
  const seconds = r.wallS - 3;
  rows.push([
    `loadgen consume, ${threads} thread(s)`, c.messages.toLocaleString('en-US'), seconds.toFixed(1), Math.round(c.messages / seconds).toLocaleString('en-US'),
    ((r.cpuS * 1e6) / c.messages).toFixed(2), r.peakRssMb.toFixed(0), `${(c.messages / seconds / kcatRate).toFixed(2)}x`,
  ]);
  if (c.messages !== kcatRecords) console.log(`note: loadgen read ${c.messages} records, kcat ${kcatRecords} (records added or deleted between the reads?)`);
  console.log(`  run ${runId}: received ${c.received}, lost (gaps) ${c.lost}, duplicates ${c.duplicates}, foreign ${c.foreign}, offset resets ${c.offset_resets.length}`);
}
console.log(`consumer backlog: ${total.toLocaleString('en-US')} records in ${TOPICS.join(', ')}, from the beginning, one invocation`);
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[0] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
console.log('target: loadgen >= 0.5x kcat');
