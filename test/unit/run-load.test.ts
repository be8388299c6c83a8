// The library's whole run (src/run/run-load.ts) with stand-in producer threads on fake time and no broker:
// the results directory it stores, thresholds and the exit code they earn, a graceful stop through an
// AbortSignal, a companion consumer that cannot finish, a results directory that breaks mid-run, and bad
// input refused before anything starts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import type { Companion } from '../../src/consumer/companion.js';
import { LoadgenError } from '../../src/errors.js';
import { startNativeLoad } from '../../src/run/native-run.js';
import { exitCodeOf, runLoad, startRun, type LoadResult, type RunLoadDeps, type RunNotice } from '../../src/run/run-load.js';
import { FakeTimerClock, driveUntilSettled } from '../support/fake-clock.js';
import { breakableDir } from '../support/read-only.js';

const generatorFile = fileURLToPath(new URL('../support/fake-producer-thread.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(flags: RunFlags, out = mkdtempSync(join(tmpdir(), 'loadgen-run-load-'))) {
  const clock = new FakeTimerClock(Date.now() * 1000);
  const config = resolveRunConfig(
    { workers: '2', consumer: false, seed: '1', out, X: ['message.timeout.ms=1000'], ...flags },
    { env: {}, nowMs: Date.now(), randomU32: () => 1 },
  );
  const notices: RunNotice[] = [];
  let started = 0;
  const deps: RunLoadDeps = {
    clock,
    onNotice: (n) => notices.push(n),
    startProducing: (options) => {
      started++;
      // The stand-in threads ack everything (a property librdkafka would refuse, so added after its check).
      const properties = { ...options.config.properties, 'fake.acks': 'all' };
      return startNativeLoad({ ...options, config: { ...options.config, properties }, generatorFile });
    },
  };
  return { clock, config, deps, notices, out, started: () => started };
}


test('a complete run stores its results directory, report.html included, and evaluates the thresholds', async () => {
  const { clock, config, deps, notices, out } = setup({ rate: '1000', count: '400', assert: ['events.failed==0', 'achieved_rate>1000000'] });
  const result = await driveUntilSettled(clock, startRun(config, deps).then((run) => run.done));
  assert.is(result.kind, 'written');
  assert.is(result.kind === 'written' && result.dir, out);
  assert.is(result.outcome.status, 'complete');
  assert.is(result.summary.events.acked, 400);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { events: { acked: number } };
  assert.is(summary.events.acked, 400);
  for (const file of ['histograms.json', 'progress.ndjson', 'ack.hlog', 'report.html']) assert.ok(existsSync(join(out, file)), file);
  assert.equal(result.thresholds.map((t) => t.status), ['passed', 'failed']);
  assert.is(exitCodeOf(result), 99);
  assert.equal(notices.map((n) => n.kind), ['starting']);
  assert.match(notices[0]?.text ?? '', /^run \S+: 1,000\/s to 127\.0\.0\.1:9092 with 2 producer thread\(s\), seed 1$/);
  assert.is(clock.pending, 0);
  rmSync(out, { recursive: true });
});

test("each second's host figures go to progress.ndjson and the summary, from the /proc texts the run reads", async () => {
  const { clock, config, deps, out } = setup({ rate: '1000', count: '3000' });
  // Each read of /proc/stat is one step on: 150 ticks busy and 50 idle of 200 (75%), and loadgen 80 ticks.
  let step = 0;
  const readProc = (path: string) => {
    if (path === '/proc/stat') return `cpu  ${++step * 150} 0 0 ${step * 50} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n`;
    return path === `/proc/${process.pid}/stat` ? `${process.pid} (node) R 1 2 3 4 5 6 7 8 9 10 ${step * 80} 0 0 0` : null;
  };
  const result = await driveUntilSettled(clock, runLoad(config, { ...deps, readProc }));
  const seconds = readFileSync(join(out, 'progress.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { host?: unknown });
  assert.ok(seconds.length >= 3, `${seconds.length} seconds`);
  for (const s of seconds) assert.equal(s.host, { cpus: 2, busyPercent: 75, stealPercent: 0, cores: { loadgen: 0.8 } });
  assert.equal(result.summary.host, { cpus: 2, busy_percent: 75, steal_percent: 0, no_idle_seconds: 0, steal_seconds: 0, cores: { loadgen: 0.8 } });
  rmSync(out, { recursive: true });
});

test('an AbortSignal stops sending and drains: status interrupted, every produced event acked', async () => {
  const { clock, config, deps, out } = setup({ rate: '1000', count: '1000000' });
  const controller = new AbortController();
  const running = startRun(config, { ...deps, signal: controller.signal });
  const run = await running;
  for (let i = 0; i < 20; i++) {
    clock.advance(100_000);
    await sleep(2);
  }
  controller.abort();
  const result = await driveUntilSettled(clock, run.done);
  assert.is(result.outcome.status, 'interrupted');
  assert.ok(result.summary.events.produced > 0 && result.summary.events.produced < 1_000_000, `${result.summary.events.produced}`);
  assert.is(result.summary.events.acked, result.summary.events.produced);
  assert.is(exitCodeOf(result), 0);
  rmSync(out, { recursive: true });
});

test('a companion consumer that cannot finish costs the e2e figures and says so, never the run', async () => {
  const { clock, config, deps, notices, out } = setup({ rate: '1000', count: '200', consumer: true });
  let startedAt: number | undefined;
  let killed = false;
  const companion: Companion = {
    start: (ms) => (startedAt = ms),
    finish: () => Promise.reject(new LoadgenError('companion consumer: the cluster went away', 1)),
    kill: () => (killed = true),
  };
  const result = await driveUntilSettled(clock, runLoad(config, { ...deps, startCompanion: async () => companion }));
  assert.ok(startedAt !== undefined, 'the companion learned the schedule start');
  assert.not.ok(killed);
  assert.is(result.kind, 'written');
  assert.is(result.consumer, null);
  assert.is(result.summary.events.acked, 200);
  assert.equal(notices.map((n) => n.kind), ['starting', 'draining', 'warning']);
  assert.match(notices[2]?.text ?? '', /companion consumer: the cluster went away; the summary has no consumer figures/);
  rmSync(out, { recursive: true });
});

test('a results directory that breaks mid-run stops the run; the result still holds every figure', async () => {
  const dir = breakableDir('run-load');
  try {
    const { clock, config, deps, notices } = setup({ rate: '1000', count: '1000000' }, dir.path);
    const run = await startRun(config, deps);
    for (let i = 0; i < 15; i++) {
      clock.advance(100_000);
      await sleep(2);
    }
    dir.makeReadOnly();
    const result = await driveUntilSettled(clock, run.done);
    assert.is(result.kind, 'unwritten');
    assert.match(result.kind === 'unwritten' ? result.problem : '', /progress\.ndjson/);
    assert.is(result.outcome.status, 'interrupted');
    assert.ok(result.summary.events.acked > 0 && result.summary.events.acked === result.summary.events.produced);
    assert.ok(notices.some((n) => n.kind === 'stopping'), JSON.stringify(notices));
    assert.is(exitCodeOf(result), 1);
  } finally {
    dir.cleanup();
  }
});

test('bad input is refused before anything starts: an unknown librdkafka property is exit 2', async () => {
  const { config, deps, started, out } = setup({ rate: '1000', count: '10', X: ['no.such.property=1'] });
  const err = await runLoad(config, deps).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LoadgenError && err.exitCode === 2, String(err));
  assert.is(started(), 0);
  rmSync(out, { recursive: true });
});

test('a run that fails before producing closes its metrics endpoint (nothing left to keep the process alive)', async () => {
  const { config, deps, notices, out } = setup({ rate: '1000', count: '10', consumer: true, metricsPort: '0' });
  const refused = new LoadgenError('companion consumer: cannot reach Kafka at nowhere:9092 within 10 ms', 1);
  const err = await runLoad(config, { ...deps, startCompanion: () => Promise.reject(refused) }).then(() => null, (e: unknown) => e);
  assert.is(err, refused);
  const url = /metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(notices[0]?.text ?? '')?.[1];
  assert.ok(url, notices[0]?.text);
  assert.ok(await fetch(`${url}/healthz`).then(() => false, () => true), 'the endpoint no longer answers');
  rmSync(out, { recursive: true });
});

test('exit codes: a failure, an abort or unwritten results are 1; a failed threshold 99; else 0', () => {
  const base = { kind: 'written', dir: 'd', outcome: { status: 'complete' }, thresholds: [{ status: 'passed' }] } as unknown as LoadResult;
  // [what differs from a clean run, exit code]
  const table: [Record<string, unknown>, number][] = [
    [{}, 0],
    [{ thresholds: [{ status: 'passed' }, { status: 'failed' }] }, 99],
    [{ outcome: { status: 'interrupted' } }, 0],
    [{ outcome: { status: 'aborted' } }, 1],
    [{ outcome: { status: 'aborted', failure: 'a producer thread failed: x' }, thresholds: [{ status: 'failed' }] }, 1],
    [{ kind: 'unwritten', problem: 'cannot write' }, 1],
  ];
  for (const [change, code] of table) assert.is(exitCodeOf({ ...base, ...change } as LoadResult), code, JSON.stringify(change));
});

test.run();
