// Signals during a run, against the real broker: the first SIGINT stops sending and drains, leaving a
// complete summary with produced = acked + failed and nothing in flight; exit code 0, status "interrupted".
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/engine/summary.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

test('SIGINT drains and writes a complete summary; the run reports itself interrupted', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-signal-'));
  const child = spawn(loadgenBin, ['--rate', '500', '--workers', '1', '--quiet', '--out', out, '-b', BROKERS], { cwd: projectRoot });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise((resolve) => setTimeout(resolve, 4000));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 0, stderr);
  assert.match(stderr, 'SIGINT: stopping, draining');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.status, 'interrupted');
  assert.ok(summary.events.produced > 500, `${summary.events.produced} produced`);
  assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
  assert.is(summary.events.failed, 0);
});

test.run();
