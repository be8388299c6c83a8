// `loadgen run --log-format json` against the real broker: every stdout line is accepted by `jq -c .`, carries
// the run's id, and the summary line holds the same summary as summary.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';

test('JSON lines on stdout: jq accepts each, each carries the run id, the summary line equals summary.json', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'loadgen-json-log-')), 'run');
  const run = await runLoadgen(['run', '--count', '400', '--rate', '200', '--brokers', BROKERS, '--out', out, '--log-format', 'json'], { timeoutMs: 90_000 });
  assert.is(run.status, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  const jq = spawnSync('jq', ['-c', '.'], { input: run.stdout, encoding: 'utf8' });
  assert.is(jq.status, 0, jq.stderr);
  assert.is(jq.stdout.trimEnd().split('\n').length, lines.length, 'jq read as many objects as there are lines');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const o of objects) assert.is(o['run_id'], summary.run_id);
  assert.ok(objects.filter((o) => o['msg'] === 'progress').length >= 1);
  assert.equal(objects.find((o) => o['msg'] === 'summary')?.['summary'], summary);
  assert.is(run.stderr.trim(), '', 'nothing on stderr (not a terminal, no error)');
});

test.run();
