// Kafka's own ProducerPerformance (from .kafka/lib), run beside loadgen on the same broker with loadgen's mean
// record size, acks, idempotence, linger and compression, so the two compare like for like.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { RunSummary } from '../src/report/summary.js';
import { ensureTopics, resolveTopicPlan } from '../src/index.js';
import { brokers, root, runTimed } from './child-process.js';

/** ProducerPerformance's random payloads go here, never into the pipeline's topics (consumers would choke). */
const PEER_TOPIC = 'loadgen-bench-peer';

export interface PeerResult {
  readonly rate: number;
  readonly p99_ms: number;
  readonly record_size: number;
  readonly records: number;
  readonly peak_rss_mb: number;
  /** The JVM's CPU (user + system, start-up included) per record sent, us. */
  readonly cpu_us_per_record: number;
}

/** At `throughput` records/s (-1: as fast as it can) for about `seconds`, matching loadgen's run `summary`. */
export async function producerPerformance(summary: RunSummary, throughput: number, seconds: number): Promise<PeerResult> {
  await ensureTopics(resolveTopicPlan({}, [{ name: PEER_TOPIC, config: {}, description: 'ProducerPerformance payloads' }]), { brokers, timeoutMs: 15_000 });
  const recordSize = Math.max(1, Math.round(summary.events.bytes / Math.max(1, summary.events.acked)));
  const p = summary.config.properties;
  const records = Math.round((throughput > 0 ? throughput : Math.max(summary.achieved_rate, 50_000)) * seconds);
  const r = await runTimed('java', [
    '-Xmx512m', '-cp', join(root, '.kafka/lib/*'), `-Dlog4j2.configurationFile=${join(root, 'broker/log4j2.xml')}`, `-Dkafka.logs.dir=${tmpdir()}`,
    'org.apache.kafka.tools.ProducerPerformance', '--topic', PEER_TOPIC, '--num-records', String(records), '--record-size', String(recordSize),
    '--throughput', String(throughput), '--producer-props', `bootstrap.servers=${brokers}`, `acks=${p['acks']}`, `enable.idempotence=${p['enable.idempotence']}`,
    `linger.ms=${p['linger.ms']}`, `compression.type=${p['compression.type']}`,
  ]);
  // The final line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, ..."
  const final = /([\d.]+) records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(r.stdout);
  if (!final) throw new Error(`ProducerPerformance: no result line\n${r.stdout.slice(-500)}\n${r.stderr.slice(-500)}`);
  return { rate: Number(final[1]), p99_ms: Number(final[2]), record_size: recordSize, records, peak_rss_mb: r.peakRssMb, cpu_us_per_record: (r.cpuS * 1e6) / records };
}
