// librdkafka's own C producer benchmark (examples/rdkafka_performance.c, shipped inside node-rdkafka's
// librdkafka source), built here against the same librdkafka.so that loadgen's addon and node-rdkafka load,
// and run beside loadgen: the ceiling a librdkafka client reaches on the same cluster and settings. Not
// like for like: it sends one constant payload, which lz4 shrinks to almost nothing (loadgen's JSON and
// ProducerPerformance's random letters do not), and it generates nothing.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, runTimed } from './child-process.js';

export interface RdkafkaPerformanceResult {
  readonly rate: number;
  readonly records: number;
  readonly failed: number;
  /** Its process's CPU (user + system) per record, us. */
  readonly cpu_us_per_record: number;
}

const rdkafka = join(root, 'node_modules/node-rdkafka');

/** Builds (once) bench/.build/rdkafka_performance; its path. */
export async function buildRdkafkaPerformance(): Promise<string> {
  const out = join(root, 'bench', '.build');
  const binary = join(out, 'rdkafka_performance');
  if (existsSync(binary)) return binary;
  mkdirSync(out, { recursive: true });
  const deps = join(rdkafka, 'build/deps');
  const r = await run('gcc', [
    '-O2', '-o', binary, join(rdkafka, 'deps/librdkafka/examples/rdkafka_performance.c'), `-I${join(rdkafka, 'deps/librdkafka/src')}`,
    `-L${deps}`, '-l:librdkafka.so.1', `-Wl,-rpath,${deps}`, '-lm',
  ]);
  if (r.code !== 0) throw new Error(`building rdkafka_performance failed: ${r.stderr.slice(-1000)}`);
  return binary;
}

/** `records` records of `recordSize` bytes to `topic` as fast as it can, with loadgen's producer settings. */
export async function rdkafkaPerformance(bootstrap: string, topic: string, records: number, recordSize: number, properties: Readonly<Record<string, string>>): Promise<RdkafkaPerformanceResult> {
  const binary = await buildRdkafkaPerformance();
  const settings = ['acks', 'enable.idempotence', 'linger.ms', 'compression.type', 'queue.buffering.max.messages', 'queue.buffering.max.kbytes']
    .filter((key) => properties[key] !== undefined)
    .flatMap((key) => ['-X', `${key}=${properties[key]}`]);
  const r = await runTimed(binary, ['-P', '-t', topic, '-b', bootstrap, '-s', String(recordSize), '-c', String(records), ...settings]);
  // "% N messages produced (B bytes), D delivered (offset X, F failed) in T ms: R msgs/s and ...", once a
  // second while it runs and once at the end: the last one is the result.
  const summary = [...r.stdout.matchAll(/% (\d+) messages produced \(\d+ bytes\), (\d+) delivered \(offset -?\d+, (\d+) failed\) in (\d+)ms: (\d+) msgs\/s/g)].at(-1);
  if (!summary) throw new Error(`rdkafka_performance: no summary line\n${r.stdout.slice(-500)}\n${r.stderr.slice(-500)}`);
  const delivered = Number(summary[2]);
  return { rate: Number(summary[5]), records: delivered, failed: Number(summary[3]), cpu_us_per_record: (r.cpuS * 1e6) / Math.max(1, delivered) };
}
