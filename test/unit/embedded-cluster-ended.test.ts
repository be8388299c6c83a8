// A `run --embedded` whose mock cluster ends by itself mid-run still ends: its records are counted failed, it
// says why in one warning, and it exits instead of hanging (or aborting) in librdkafka's destroy of a cluster
// that has already freed itself (native/src/producer_mock.cc).
//
// The cluster's thread ends when its poll() fails. Lowering the run's open-files limit below the number of
// sockets that poll() watches makes it fail (EINVAL) on the thread's next turn, within milliseconds while
// records flow: the same end as the one seen under repeated SIGSTOP and SIGCONT, but on demand. The limit is
// lowered just after a progress line and given back 200 ms later, so the run's once-a-second write of
// progress.ndjson (which opens the file) falls outside that window.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { spawnLoadgen } from '../support/child.js';
import { sleep } from '../support/wait.js';

/** The process's open-files limit, soft and hard, through util-linux's prlimit. */
function openFilesLimit(pid: number): [string, string] {
  const [soft, hard] = execFileSync('prlimit', ['--pid', String(pid), '--nofile', '--output', 'SOFT,HARD', '--noheadings'], { encoding: 'utf8' }).trim().split(/\s+/);
  assert.ok(soft && hard, 'prlimit read no limit');
  return [soft, hard];
}

const setOpenFilesLimit = (pid: number, soft: string, hard: string) => execFileSync('prlimit', ['--pid', String(pid), `--nofile=${soft}:${hard}`]);

test('the mock cluster ending mid-run: the run aborts with its records failed, warns why, and exits', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-cluster-ended-'));
  const env = { ...process.env, LOADGEN_EMBEDDED_DIR: mkdtempSync(join(tmpdir(), 'loadgen-cluster-ended-registry-')) };
  // message.timeout.ms=2000: the run's stall abort comes 7 s after the last report, not 5 minutes.
  const run = spawnLoadgen(['--embedded', '--rate', '200', '--duration', '60s', '--no-consumer', '-X', 'message.timeout.ms=2000', '--out', out], { timeoutMs: 90_000, env });
  try {
    const [soft, hard] = openFilesLimit(run.pid);
    await run.waitForLine('stderr', /acked [1-9]/, 30_000);
    setOpenFilesLimit(run.pid, '3', hard);
    await sleep(200);
    setOpenFilesLimit(run.pid, soft, hard);

    const ended = await run.exited;
    assert.is(ended.status, 1, ended.stderr);
    assert.match(ended.stderr, /^loadgen: warning: librdkafka's mock cluster stopped during the run \(Mock cluster failed to poll \d+ fds: .*\); the records it had not acked were counted failed$/m);
    assert.match(ended.stderr, /^loadgen: librdkafka's mock cluster stopped answering: sending stopped, [\d,]+ event\(s\) counted failed$/m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.status, 'aborted');
    assert.ok(summary.events.acked > 0 && summary.events.failed > 0, JSON.stringify(summary.events));
    assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
  } finally {
    await run.kill();
  }
});

test.run();
