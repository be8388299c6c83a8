// The broker dies mid-run and does not come back (make test-faults): librdkafka keeps records queued while
// every broker is down, so the run stops sending once no delivery has settled for message.timeout.ms + 5 s,
// counts what is in flight as failed (produced = acked + failed), writes its summary (status "aborted") and
// exits 1 naming the brokers, within a bounded time. The broker is started again afterwards.
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

test('a broker gone for good: the run aborts in bounded time, every event acked or counted failed, exit 1', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-gone-'));
  const started = Date.now();
  const run = spawn(loadgenBin, ['--rate', '1000', '--duration', '20s', '--workers', '1', '--quiet', '--out', out, '-b', BROKERS, '-X', 'message.timeout.ms=3000', '--connect-timeout', '3s'], { cwd: projectRoot });
  let stderr = '';
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => run.on('close', resolve));
  try {
    await sleep(4000);
    process.kill(Number(readFileSync(join(projectRoot, '.kafka', 'kafka.pid'), 'utf8')), 'SIGKILL');
    const code = await closed;
    const seconds = (Date.now() - started) / 1000;
    assert.is(code, 1, stderr);
    assert.ok(seconds < 45, `ended after ${seconds} s`);
    assert.match(stderr, `the cluster at ${BROKERS} stopped answering`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.status, 'aborted');
    assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
    assert.ok(summary.events.acked > 2000, `${summary.events.acked} acked before the outage`);
    assert.ok(summary.events.failed > 0);
    assert.equal(Object.keys(summary.failures), ['no delivery report for 8 s: the cluster stopped answering']);
  } finally {
    run.kill('SIGKILL');
    const up = spawnSync('broker/kafka.sh', ['up'], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
    assert.is(up.status, 0, up.stderr);
  }
});

test.run();
