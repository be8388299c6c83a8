// --instances: N instances deal the run's chunks as one instance of N x W threads would (stream I + N * w),
// and what they need (the same seed, the same start, an index) is checked before anything is sent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { SINGLE, resolveStartAt, sharedRunId, streamOf } from '../../src/config/instances.js';
import { instanceArgs } from '../../src/cli/processes-command.js';
import { usageErrorOf } from '../support/errors.js';
import { checkProperty } from '../support/property.js';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const START = '2026-12-01T10:05:00Z';
const resolve = (flags: RunFlags, env: Record<string, string> = {}) => resolveRunConfig(flags, { env, nowMs: NOW, randomU32: () => 0xabcdef12 });

test('N instances x W threads are the streams 0 .. N x W - 1, each once: one instance of N x W threads', () => {
  checkProperty(fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), (count, workers) => {
    const streams = Array.from({ length: count }, (_, index) => Array.from({ length: workers }, (__, w) => streamOf({ count, index }, w))).flat();
    assert.equal([...streams].sort((a, b) => a - b), Array.from({ length: count * workers }, (_, i) => i));
    // Stream s has chunks s, s + N x W, ...: instance s mod N's, as one instance of N x W threads deals them.
    for (const [k, s] of streams.entries()) assert.is(s % count, Math.floor(k / workers));
  }), { fixed: 200, random: 100 });
  assert.equal([0, 1, 2].map((w) => streamOf({ count: 3, index: 1 }, w)), [1, 4, 7]);
});

test('an instance: its share, the run id every instance derives alike, its own results directory', () => {
  const c = resolve({ instances: '3', instance: '2', seed: '5', startAt: START });
  assert.equal(c.instances, { count: 3, index: 2 });
  assert.is(c.startAtMs, Date.parse(START));
  assert.is(c.runId, sharedRunId(Date.parse(START), 5));
  assert.is(resolve({ instances: '3', instance: '0', seed: '5', startAt: START }).runId, c.runId, 'the same on every instance');
  assert.match(c.runId, /^20261201T100500Z-[0-9a-f]{6}$/);
  assert.is(c.outDir, `results/${c.runId}-i2`);
  // From the environment (an orchestrator's), a Kubernetes Indexed Job's index included.
  assert.equal(resolve({ seed: '5', startAt: START }, { LOADGEN_INSTANCES: '4', LOADGEN_INSTANCE: '3' }).instances, { count: 4, index: 3 });
  assert.equal(resolve({ seed: '5', startAt: START }, { LOADGEN_INSTANCES: '4', JOB_COMPLETION_INDEX: '1' }).instances, { count: 4, index: 1 });
  assert.equal(resolve({}).instances, SINGLE);
  assert.is(resolve({ runId: 'nightly-42' }).runId, 'nightly-42');
});

test('what instances need, refused in one line when missing (exit 2)', () => {
  // [flags, env, expected message]
  const table: [RunFlags, Record<string, string>, RegExp][] = [
    [{ instances: '3', seed: '1', startAt: START }, {}, /^--instances 3 needs --instance \(this instance's index, 0 to 2\)/],
    [{ instances: '3', instance: '3', seed: '1', startAt: START }, {}, /^invalid value for --instance: "3" \(expected a whole number from 0 to 2\)/],
    [{ instances: '3', instance: '0', startAt: START }, {}, /^--instances 3 needs --seed/],
    [{ instances: '3', instance: '0', seed: '1' }, {}, /^--instances 3 needs --start-at/],
    [{ instances: '0' }, {}, /^invalid value for --instances: "0"/],
    [{ instance: '1' }, {}, /^--instance needs --instances/],
    [{ seed: '1', startAt: START }, { LOADGEN_INSTANCES: 'two' }, /^invalid value for LOADGEN_INSTANCES: "two"/],
    [{ instances: '2', instance: '0', seed: '1', startAt: START, producer: 'rdkafka' }, {}, /^--producer rdkafka: --instances needs --producer native/],
    [{ startAt: '2026-12-01T09:00:00Z' }, {}, /^--start-at 2026-12-01T09:00:00\.000Z has passed/],
    [{ startAt: 'soon' }, {}, /^invalid value for --start-at: "soon"/],
    [{ runId: 'a/b' }, {}, /^invalid value for --run-id: "a\/b"/],
  ];
  for (const [flags, env, message] of table) assert.match(usageErrorOf(() => resolve(flags, env)), message, JSON.stringify(flags));
  assert.is(resolveStartAt(String(NOW + 1000), NOW), NOW + 1000, 'Unix ms');
});

test('--processes: each instance\'s arguments; not with --instances or --metrics-port', () => {
  const flags: RunFlags = { processes: '3', rate: '6000', workers: '2', config: 'run.json', X: ['linger.ms=1'], out: 'results/x', assert: 'consumer.lost==0' };
  const c = resolve(flags);
  assert.is(c.processes, 3);
  assert.equal(instanceArgs(flags, c, 1, Date.parse(START)), [
    'run', '--rate', '6000', '--workers', '2', '-X', 'linger.ms=1', '--config', 'run.json',
    '--instances', '3', '--instance', '1', '--start-at', '2026-12-01T10:05:00.000Z', '--seed', String(c.seed), '--run-id', c.runId, '--quiet', '--out', 'results/x/instances/1',
  ]);
  assert.match(usageErrorOf(() => resolve({ processes: '2', instances: '2', instance: '0', seed: '1', startAt: START })), /^--processes and --instances: give one/);
  assert.match(usageErrorOf(() => resolve({ processes: '2', metricsPort: '9464' })), /^--processes with --metrics-port/);
  assert.match(usageErrorOf(() => resolve({ processes: '0' })), /^invalid value for --processes: "0"/);
});

test.run();
