// A results directory that stops being writable during a run (made read-only, or its file system full)
// never hangs the run and never loses what was measured: sending stops, the end-of-run table and the
// summary JSON go to stdout, stderr names the file that could not be written, and the exit code is 1,
// within the drain timeout.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { RunSummary } from '../../src/engine/summary.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';
import { breakableDir, type BreakableDir } from '../support/read-only.js';

const DRAIN_S = 10;

const breakers: [string, (dir: BreakableDir) => boolean][] = [
  ['made read-only', (dir) => (dir.makeReadOnly(), true)],
  ['full', (dir) => dir.fill()],
];

for (const [label, breakIt] of breakers) {
  test(`a results directory ${label} mid-run: exit 1 within the drain timeout, the table and summary JSON on stdout`, async () => {
    const dir = breakableDir(`unwritable-${label.replace(/\W+/g, '-')}`);
    const out = join(dir.path, 'run');
    // Long enough that only the failure can end it; the process has a group of its own so that nothing
    // (the companion consumer, worker threads) can outlive the test.
    const child = spawn(loadgenBin, ['--rate', '200', '--workers', '1', '--duration', '120s', '--drain-timeout', `${DRAIN_S}s`, '--out', out, '-b', BROKERS], {
      cwd: projectRoot, detached: true,
    });
    let stdout = '';
    let stderr = '';
    let failedAt = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      if (!failedAt && d.toString().includes('cannot write')) failedAt = Date.now();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      // Sending has begun once the second progress line is out (non-TTY: one line a second on stderr).
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no progress within 30 s: ${stderr}`)), 30_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/\[\s+2s\]/.test(stderr)) {
            clearTimeout(deadline);
            resolve();
          }
        });
      });
      if (!breakIt(dir)) return; // filling a file system needs root's tmpfs
      // A full tmpfs still takes appends until progress.ndjson's last page is used up (about 20 lines), so
      // the failure shows within about 20 s; from then on the run has the drain timeout to end.
      const code = await Promise.race([closed, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), (DRAIN_S + 60) * 1000))]);
      assert.is(code, 1, stderr);
      assert.ok(failedAt > 0 && Date.now() - failedAt < (DRAIN_S + 10) * 1000, `ended ${Date.now() - failedAt} ms after the failure`);
      assert.match(stderr, `cannot write ${join(out, 'progress.ndjson')}`);
      assert.match(stderr, 'the table and summary JSON above are the run\'s results');
      const tableLine = stdout.split('\n').find((line) => line.startsWith('run '));
      assert.match(tableLine ?? '', /^run \S+: interrupted, /);
      assert.match(stdout, /^latency \(ms\)\s+p50/m);
      const summary = JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1)) as RunSummary;
      assert.is(summary.status, 'interrupted');
      assert.ok(summary.events.produced >= 200, `${summary.events.produced} produced`);
      assert.ok(summary.events.produced < 200 * 60, 'sending stopped long before --duration');
      assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
      assert.is(summary.events.failed, 0);
      // The companion's figures survive its own failure to write e2e.hlog.
      assert.is(summary.consumer?.received, summary.events.acked);
      assert.is(summary.consumer?.lost, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      await closed;
      dir.cleanup();
    }
  });
}

test('a second SIGTERM ends the run at once (130) even when no partial summary can be written', async () => {
  const dir = breakableDir('unwritable-signal');
  const out = join(dir.path, 'run');
  const child = spawn(loadgenBin, ['--rate', '200', '--workers', '1', '--duration', '120s', '--out', out, '-b', BROKERS], { cwd: projectRoot, detached: true });
  let stderr = '';
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no ${pattern} within 30 s: ${stderr}`)), 30_000);
      const check = () => {
        if (!pattern.test(stderr)) return;
        clearTimeout(deadline);
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
    });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitFor(/\[\s+1s\]/);
    dir.makeReadOnly();
    child.kill('SIGTERM');
    await waitFor(/SIGTERM: stopping, draining/);
    const secondAt = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([closed, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    assert.is(code, 130, stderr);
    assert.ok(Date.now() - secondAt < 10_000, `exited ${Date.now() - secondAt} ms after the second signal`);
    assert.match(stderr, /SIGTERM again: exiting; no partial summary \(cannot write /);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    await closed;
    dir.cleanup();
  }
});

test.run();
