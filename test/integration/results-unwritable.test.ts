// A results directory that stops being writable during a run (made read-only, or its file system full)
// never hangs the run and never loses what was measured: sending stops, the end-of-run table and the
// summary JSON go to stdout, stderr names the file that could not be written, and the exit code is 1,
// within the drain timeout.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { spawnLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { breakableDir, type BreakableDir } from '../support/read-only.js';
import { within } from '../support/wait.js';

const DRAIN_S = 10;
/** Longer than only the failure can end it: --duration is a backstop, the child's bound a harder one. */
const RUN = ['--rate', '200', '--workers', '1', '--duration', '120s', '-b', BROKERS];

const breakers: [string, (dir: BreakableDir) => boolean][] = [
  [
    'made read-only',
    (dir) => {
      dir.makeReadOnly();
      return true;
    },
  ],
  ['full', (dir) => dir.fill()],
];

for (const [label, breakIt] of breakers) {
  test(`a results directory ${label} mid-run: exit 1 within the drain timeout, the table and summary JSON on stdout`, async () => {
    const dir = breakableDir(`unwritable-${label.replace(/\W+/g, '-')}`);
    const out = join(dir.path, 'run');
    const child = spawnLoadgen([...RUN, '--drain-timeout', `${DRAIN_S}s`, '--out', out], { timeoutMs: 150_000 });
    try {
      // Sending has begun once the second progress line is out (non-TTY: one line a second on stderr).
      await child.waitForLine('stderr', /\[\s+2s\]/, 30_000);
      if (!breakIt(dir)) return; // filling a file system needs root's tmpfs
      // A full tmpfs still takes appends until progress.ndjson's last page is used up (about 20 lines), so
      // the failure shows within about 20 s; from then on the run has the drain timeout to end.
      await child.waitForLine('stderr', /cannot write/, 60_000);
      const failedAt = Date.now();
      const { status } = await within(child.exit, (DRAIN_S + 10) * 1000, 'the run ending after the failure');
      assert.ok(Date.now() - failedAt < (DRAIN_S + 10) * 1000);
      assert.is(status, 1, child.stderr);
      const stderr = child.stderr;
      const stdout = child.stdout;
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
      await child.kill();
      dir.cleanup();
    }
  });
}

test('a second SIGTERM ends the run at once (130) even when no partial summary can be written', async () => {
  const dir = breakableDir('unwritable-signal');
  const child = spawnLoadgen([...RUN, '--out', join(dir.path, 'run')], { timeoutMs: 60_000 });
  try {
    await child.waitForLine('stderr', /\[\s+1s\]/, 30_000);
    dir.makeReadOnly();
    child.signal('SIGTERM');
    await child.waitForLine('stderr', /SIGTERM: stopping, draining/, 10_000);
    const secondAt = Date.now();
    child.signal('SIGTERM');
    const { status } = await within(child.exit, 10_000, 'the exit after the second SIGTERM');
    assert.ok(Date.now() - secondAt < 10_000);
    assert.is(status, 130, child.stderr);
    assert.match(child.stderr, /SIGTERM again: exiting; no partial summary \(cannot write /);
  } finally {
    await child.kill();
    dir.cleanup();
  }
});

test.run();
