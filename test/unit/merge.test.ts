// `loadgen merge` (src/report/merge.ts) on stored results: three instances of one run (test/fixtures/
// results/instances: 600/s over 3 s with a 1 s warm-up, --instances 3) merge to the run's figures in any
// order; one run's own directory merges to itself; instances that disagree are refused in one line.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { mergeInstances, readInstance, writeMerged } from '../../src/report/merge.js';
import { renderComparison } from '../../src/report/compare.js';
import type { RunSummary } from '../../src/report/summary.js';
import { usageErrorOf } from '../support/errors.js';
import { checkProperty } from '../support/property.js';
import { projectRoot } from '../support/paths.js';

const fixtures = join(projectRoot, 'test', 'fixtures', 'results');
const registry = loadSchemaRegistry();
const instances = [0, 1, 2].map((i) => readInstance(join(fixtures, 'instances', `instance-${i}`), registry));

test('three instances: counts summed, loss counted across them, the warm-up and histograms added', () => {
  const { summary } = mergeInstances(instances);
  assert.is(registry.validateSummary(summary), null);
  assert.equal(summary.instances, { count: 3, index: null });
  assert.equal(summary.events.acked, instances.reduce((n, p) => n + p.summary.events.acked, 0));
  assert.equal([summary.events.acked, summary.target_rate, summary.consumer?.received, summary.consumer?.lost, summary.consumer?.duplicates], [1800, 600, 1800, 0, 0]);
  assert.equal([summary.warmup?.acked, summary.warmup?.received, summary.warmup?.latency_ms.ack?.count], [600, 600, 600]);
  assert.is(summary.latency_ms.ack?.count, 1200, 'the run\'s ack histogram leaves the warm-up out');
  assert.is(summary.latency_ms.e2e?.count, 1200);
  assert.equal(summary.per_second.map((p) => p.target), [600, 600, 600, 0], 'each instance targets a third of each second');
  // Each instance alone could not count loss: its consumer read a third of the partitions.
  assert.ok(instances.every((p) => p.summary.consumer?.lost === null));
  assert.ok(summary.per_second.every((p) => p.sent === undefined), 'these instances are from before sends were counted per second');
});

test('sends per second are summed when every instance counted them, and left out when one did not', () => {
  const withSent = instances.map((p, i) => ({ ...p, summary: { ...p.summary, per_second: p.summary.per_second.map((row) => ({ ...row, sent: row.t * 10 + i })) } }));
  // Second 3 (the last, partial one) has a row in instance 1's summary only.
  assert.equal(withSent.map((p) => p.summary.per_second.length), [3, 4, 3]);
  assert.equal(mergeInstances(withSent).summary.per_second.map((p) => p.sent), [3, 33, 63, 31]);
  const mixed = [withSent[0], withSent[1], instances[2]].filter((p) => p !== undefined);
  assert.ok(mergeInstances(mixed).summary.per_second.every((p) => p.sent === undefined));
});

test("each instance's host stays in its own directory: the merged summary has none; one directory keeps its own", () => {
  const host = { cpus: 2, busy_percent: 97, steal_percent: 12, no_idle_seconds: 3, steal_seconds: 1, cores: { loadgen: 1.3 } };
  const withHost = instances.map((p) => ({ ...p, summary: { ...p.summary, host } }));
  assert.is(mergeInstances(withHost).summary.host, undefined);
  const one = readInstance(join(fixtures, 'with-consumer'), registry);
  assert.equal(mergeInstances([{ ...one, summary: { ...one.summary, host } }]).summary.host, host);
});

test('merging is order-independent', () => {
  const reference = JSON.stringify(mergeInstances(instances).summary);
  checkProperty(fc.property(fc.shuffledSubarray(instances, { minLength: 3, maxLength: 3 }), (order) => {
    assert.is(JSON.stringify(mergeInstances(order).summary), reference);
  }), { fixed: 6, random: 4 });
});

test("merging one run's directory gives that run's summary, every figure made again from its histograms", () => {
  // (older-run's percentiles were written before p75, p99.99 and bucket-aligned maxima: not remade alike.)
  const dir = join(fixtures, 'with-consumer');
  const own = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  assert.equal(mergeInstances([readInstance(dir, registry)]).summary, own);
});

test('written and read back: a results directory like any other', () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-merged-'));
  writeMerged(out, mergeInstances(instances));
  const back = readInstance(out, registry);
  assert.equal(back.summary, mergeInstances(instances).summary);
  assert.is(back.logs.e2e.reduce((n, i) => n + i.histogram.totalCount, 0), 1800, 'e2e.hlog holds every record read, warm-up included');
  assert.ok(back.logs.ack.every((i) => Number.isInteger(i.startS) && i.endS - i.startS === 1), 'intervals on the run\'s whole seconds');
});

test('report --compare reads a merged run like any other', () => {
  const merged = mergeInstances(instances).summary;
  const lines = renderComparison(merged, instances[0]?.summary as RunSummary);
  assert.match(lines.join('\n'), /^acked\s+1,800\s+608\s+-66\.2%$/m);
});

test('instances that disagree, repeat or are missing are refused (exit 2)', () => {
  const altered = (index: number, change: (s: RunSummary) => RunSummary) => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-merge-bad-'));
    cpSync(join(fixtures, 'instances', `instance-${index}`), dir, { recursive: true });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(change(summary)));
    return readInstance(dir, registry);
  };
  const [i0, i1, i2] = instances as [typeof instances[0], typeof instances[0], typeof instances[0]];
  assert.match(usageErrorOf(() => mergeInstances([i0, i1, altered(2, (s) => ({ ...s, run_id: 'other' }))])), /^merge: .* is not an instance of the run in .*instance-0: run id other, not 20261130T075110Z-ca4a0b/);
  assert.match(usageErrorOf(() => mergeInstances([i0, i1, altered(2, (s) => ({ ...s, config: { ...s.config, seed: 8 } }))])), /: seed 8, not 7$/);
  assert.match(usageErrorOf(() => mergeInstances([i0, i1, altered(2, (s) => ({ ...s, config: { ...s.config, duration_s: 5 } }))])), /: another schedule/);
  assert.match(usageErrorOf(() => mergeInstances([i0, i1, i1])), /^merge: .*instance-1 and .*instance-1 are both instance 1/);
  assert.match(usageErrorOf(() => mergeInstances([i0, i2])), /^merge: instance\(s\) 1 of 3 missing: the run's loss needs every instance/);
  assert.match(usageErrorOf(() => mergeInstances([])), /^merge: no results directories given/);
});

test.run();
