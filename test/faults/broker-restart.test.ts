// A broker outage mid-run (make test-faults; it kills the local broker, so it is not part of make test): the
// broker is killed with SIGKILL during a run and started again a few seconds later. The run goes on, its
// progress lines show the outage, and at the end, with the defaults (acks=all, idempotence), every acked
// event was received exactly once by the consumer and produced = acked + failed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/engine/summary.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('SIGKILL the broker mid-run, restart it: nothing acked is lost or duplicated, nothing uncounted', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-fault-'));
  const run = spawn(loadgenBin, ['--rate', '500', '--duration', '30s', '--workers', '1', '--out', out, '-b', BROKERS], { cwd: projectRoot });
  let stderr = '';
  let stdout = '';
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const closed = new Promise<number | null>((resolve) => run.on('close', resolve));
  await sleep(8000);
  const pid = Number(readFileSync(join(projectRoot, '.kafka', 'kafka.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await sleep(5000);
  const up = spawnSync('broker/kafka.sh', ['up'], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
  assert.is(up.status, 0, up.stderr);
  assert.is(await closed, 0, stderr);

  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.events.produced, 15_000);
  assert.is(summary.events.produced, summary.events.acked + summary.events.failed, 'every event ends acked or failed');
  assert.is(summary.events.failed, 0, `failures: ${JSON.stringify(summary.failures)}`);
  assert.ok(summary.consumer, 'the consumer ran');
  assert.is(summary.consumer?.received, summary.events.acked, 'every acked event was received');
  assert.is(summary.consumer?.lost, 0);
  assert.is(summary.consumer?.duplicates, 0, 'idempotence: no duplicates after the retries');
  assert.is(summary.consumer?.drained, true);

  const progress = stderr.split('\n').filter((line) => line.startsWith('['));
  const outage = progress.findIndex((line) => line.includes('KAFKA ERROR'));
  assert.ok(outage >= 0, `the outage shows in the progress lines:\n${progress.join('\n')}`);
  assert.ok(progress.slice(outage).some((line) => /acked [1-9][\d,]*\/s/.test(line)), 'acks resume after it');
  assert.match(stdout, /consumer: received 15,000, lost 0, duplicates 0/);
});

test.run();
