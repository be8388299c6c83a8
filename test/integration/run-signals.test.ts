// Signals during a run, against the real broker: the first SIGINT stops sending and drains, leaving a
// complete summary with produced = acked + failed and nothing in flight; exit code 0, status "interrupted".
// A Ctrl-C reaches the whole process group: the companion consumer ignores it and still reads everything;
// a second one ends the run at once (130) and leaves no process of the group behind.
//
// No sleeps stand for "the run is sending": each test waits for a progress line with acks in it, and for the
// run's "stopping, draining" line before a second signal (two signals sent back to back may reach the
// process as one). Every run has a --duration as a backstop and is killed with its group in a finally.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { runBounded, spawnLoadgen, type BoundedChild } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { ackedIn } from '../support/progress.js';
import { pollUntil } from '../support/wait.js';

/**
 * A run at 500 events/s with progress lines (its readiness signal; no --quiet). The duration only ends a run
 * whose signal never came; the tests signal it long before.
 */
function startRun(out: string): BoundedChild {
  return spawnLoadgen(['--rate', '500', '--duration', '120s', '--workers', '1', '--out', out, '-b', BROKERS], { timeoutMs: 180_000 });
}

/** Waits until the run has acked more than `count` events: it is sending, and its consumer is reading. */
const sending = (run: BoundedChild, count: number) => run.waitForLine('stderr', (line) => ackedIn(line) > count, 60_000);

const readSummary = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} drains and writes a complete summary; the run reports itself interrupted`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'loadgen-signal-'));
    const run = startRun(out);
    try {
      await sending(run, 500);
      run.signal(signal);
      const { status, stderr } = await run.exited;
      assert.is(status, 0, stderr);
      assert.match(stderr, `${signal}: stopping, draining`);
      const summary = readSummary(out);
      assert.is(summary.status, 'interrupted');
      assert.ok(summary.events.produced > 500, `${summary.events.produced} produced`);
      assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
      assert.is(summary.events.failed, 0);
    } finally {
      await run.kill();
    }
  });
}

/** Live processes of a group (a killed child waits as a zombie until init reaps it: dead, not counted). */
const groupMembers = async (pgid: number) =>
  (await runBounded('ps', ['-o', 'pid=,stat=,args=', '-g', String(pgid)], { timeoutMs: 10_000 })).stdout.split('\n').filter((line) => line.trim() !== '' && !/^\s*\d+\s+Z/.test(line)).join('\n');

// spawnLoadgen starts each run in a process group of its own, as a shell does, so a signal can reach the
// whole group.
test('Ctrl-C (SIGINT to the process group): the consumer survives it and reads every acked event', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-group-'));
  const run = startRun(out);
  try {
    await sending(run, 500);
    run.signalGroup('SIGINT');
    const { status, stderr } = await run.exited;
    assert.is(status, 0, stderr);
    const summary = readSummary(out);
    assert.is(summary.status, 'interrupted');
    assert.is(summary.consumer?.received, summary.events.acked);
    assert.is(summary.consumer?.lost, 0);
  } finally {
    await run.kill();
  }
});

test('a second Ctrl-C exits at once with a partial summary; the consumer does not outlive the run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-group-'));
  const run = startRun(out);
  try {
    await sending(run, 500);
    assert.ok((await groupMembers(run.pid)).split('\n').length >= 2, 'the run and its companion consumer are running');
    run.signalGroup('SIGINT');
    // The first signal has been handled (it says so) before the second is sent.
    await run.waitForLine('stderr', /SIGINT: stopping, draining/, 30_000);
    run.signalGroup('SIGINT');
    // The run's own exit: its output may still be held open by a consumer that outlived it (checked below).
    const { status } = await run.exit;
    assert.is(status, 130, run.stderr);
    const summary = readSummary(out);
    assert.is(summary.status, 'partial');
    // The companion is killed, not asked to stop: gone within seconds, however busy the machine.
    await pollUntil('no live process of the run is left', async () => (await groupMembers(run.pid)) === '', { timeoutMs: 15_000 }).catch(async (err: Error) => {
      assert.unreachable(`${err.message}:\n${await groupMembers(run.pid)}`);
    });
  } finally {
    await run.kill();
  }
});

test.run();
