// Signals during a run, against the real broker: the first SIGINT stops sending and drains, leaving a
// complete summary with produced = acked + failed and nothing in flight; exit code 0, status "interrupted".
// A Ctrl-C reaches the whole process group: the companion consumer ignores it and still reads everything;
// a second one ends the run at once (130) and leaves no process of the group behind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/engine/summary.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} drains and writes a complete summary; the run reports itself interrupted`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'loadgen-signal-'));
    const child = spawn(loadgenBin, ['--rate', '500', '--workers', '1', '--quiet', '--out', out, '-b', BROKERS], { cwd: projectRoot });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.is(code, 0, stderr);
    assert.match(stderr, `${signal}: stopping, draining`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.status, 'interrupted');
    assert.ok(summary.events.produced > 500, `${summary.events.produced} produced`);
    assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
    assert.is(summary.events.failed, 0);
  });
}

/** Starts a run in a process group of its own, as a shell does, so a signal can reach the whole group. */
function startGroupRun(out: string) {
  const child = spawn(loadgenBin, ['--rate', '500', '--workers', '1', '--quiet', '--out', out, '-b', BROKERS], { cwd: projectRoot, detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { pgid: child.pid as number, closed, stderr: () => stderr };
}

/** Live processes of a group (a killed child waits as a zombie until init reaps it: dead, not counted). */
const groupMembers = (pgid: number) =>
  spawnSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(pgid)], { encoding: 'utf8' }).stdout.split('\n').filter((line) => line.trim() !== '' && !/^\s*\d+\s+Z/.test(line)).join('\n');

test('Ctrl-C (SIGINT to the process group): the consumer survives it and reads every acked event', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-group-'));
  const run = startGroupRun(out);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  process.kill(-run.pgid, 'SIGINT');
  assert.is(await run.closed, 0, run.stderr());
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.status, 'interrupted');
  assert.is(summary.consumer?.received, summary.events.acked);
  assert.is(summary.consumer?.lost, 0);
});

test('a second Ctrl-C exits at once with a partial summary; the consumer does not outlive the run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-group-'));
  const run = startGroupRun(out);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  assert.ok(groupMembers(run.pgid).split('\n').length >= 2, 'the run and its companion consumer are running');
  process.kill(-run.pgid, 'SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.kill(-run.pgid, 'SIGINT');
  assert.is(await run.closed, 130, run.stderr());
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.status, 'partial');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.is(groupMembers(run.pgid), '', 'no live process of the run is left');
});

test.run();
