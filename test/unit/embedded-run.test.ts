// --embedded: a whole run with no broker and no Java, against librdkafka's mock cluster started inside
// loadgen, every output saying so (issue 18's acceptance, its latency figure measured in docs/running.md).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import type { RunSummary } from '../../src/report/summary.js';
import { loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { runBounded } from '../support/child.js';
import { projectRoot } from '../support/paths.js';
import { usageErrorOf } from '../support/errors.js';

const resolve = (flags: RunFlags) => resolveRunConfig(flags, { env: { KAFKA_BROKERS: 'k:9092' }, nowMs: 0, randomU32: () => 1 });

test('loadgen --embedded --count 2000 --rate 1000 with no Java on PATH: all acked and read, and said to be the mock cluster', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-embedded-'));
  // Nothing but loadgen itself: node is started by its path; PATH leads nowhere (no java, no kcat).
  const main = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  const run = await runBounded(process.execPath, [main, '--embedded', '--count', '2000', '--rate', '1000', '--out', out], { timeoutMs: 60_000, env: { ...process.env, PATH: '/nonexistent', KAFKA_BROKERS: '127.0.0.1:1' } });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stderr, /to librdkafka's mock cluster \(3 brokers inside loadgen at 127\.0\.0\.1:\d+/);
  assert.match(run.stdout, /^cluster: librdkafka's mock cluster \(3 brokers inside loadgen\), not Kafka: for trying loadgen and measuring its own cost, not a broker's latency$/m);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(loadSchemaRegistry().validateSummary(s), null);
  assert.equal(s.cluster, { kind: 'mock', brokers: 3 });
  assert.equal([s.events.acked, s.consumer?.received, s.consumer?.lost, s.consumer?.duplicates], [2000, 2000, 0, 0]);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<p id="mock"><strong>cluster: librdkafka&#39;s mock cluster/);
});

test('--embedded [N]: the cluster kind, a 1 ms linger by default, bad values and conflicts in one line', () => {
  assert.equal(resolve({}).cluster, { kind: 'kafka' });
  assert.equal(resolve({ embedded: true }).cluster, { kind: 'mock', brokers: 3 });
  assert.equal(resolve({ embedded: '5' }).cluster, { kind: 'mock', brokers: 5 });
  assert.is(resolve({ embedded: true }).properties['linger.ms'], '1');
  assert.is(resolve({ embedded: true, X: 'linger.ms=7' }).properties['linger.ms'], '7', '-X wins');
  assert.is(resolve({}).properties['linger.ms'], '5');
  for (const bad of ['0', '17', 'three']) assert.match(usageErrorOf(() => resolve({ embedded: bad })), /^invalid value for --embedded: ".*" \(expected a whole number from 1 to 16\)/);
  assert.match(usageErrorOf(() => resolve({ embedded: true, brokers: 'k:9092' })), /^--embedded and --brokers: give one/);
  assert.match(usageErrorOf(() => resolve({ embedded: true, processes: '2' })), /^--embedded with --instances or --processes/);
});

test.run();
