// The broker dies mid-run and does not come back (make test-faults): librdkafka keeps records queued while
// every broker is down (it times out only some of them), so the run stops sending once no delivery has
// settled for message.timeout.ms + 5 s, counts what is in flight as failed (produced = acked + failed), writes its summary (status "aborted") and
// exits 1 naming the brokers, within a bounded time. The broker is started again afterwards.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { spawnLoadgen } from '../support/child.js';
import { killBroker, restartBroker } from '../support/broker.js';
import { BROKERS } from '../support/kafka.js';
import { ackedIn } from '../support/progress.js';

test('a broker gone for good: the run aborts in bounded time, every event acked or counted failed, exit 1', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-gone-'));
  // The duration is far beyond the abort (about 8 s after the broker dies), so only the abort ends the run.
  const run = spawnLoadgen(['--rate', '1000', '--duration', '60s', '--workers', '1', '--out', out, '-b', BROKERS, '-X', 'message.timeout.ms=3000', '--connect-timeout', '3s'], { timeoutMs: 120_000 });
  try {
    // The broker dies once more than 2,000 events are acked (progress lines on stderr; no --quiet).
    await run.waitForLine('stderr', (line) => ackedIn(line) > 2000, 60_000);
    const killed = Date.now();
    await killBroker();
    const { status, stderr } = await run.exited;
    // The bound is the behaviour under test, counted from the outage, not from a start a busy machine slows.
    const seconds = (Date.now() - killed) / 1000;
    assert.is(status, 1, stderr);
    assert.ok(seconds < 45, `ended ${seconds} s after the broker died`);
    assert.match(stderr, `the cluster at ${BROKERS} stopped answering`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.status, 'aborted');
    assert.is(summary.events.produced, summary.events.acked + summary.events.failed);
    assert.ok(summary.events.acked > 2000, `${summary.events.acked} acked before the outage`);
    assert.ok(summary.events.failed > 0);
    // What librdkafka timed out itself fails with its reason; what it kept queued, with the abort's.
    const stall = 'no delivery report for 8 s: the cluster stopped answering';
    assert.ok(stall in summary.failures, JSON.stringify(summary.failures));
    for (const reason of Object.keys(summary.failures)) assert.ok([stall, 'Local: Message timed out'].includes(reason), reason);
  } finally {
    await run.kill();
    await restartBroker();
  }
});

test.run();
