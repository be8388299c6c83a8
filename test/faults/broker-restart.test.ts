// A broker outage mid-run (make test-faults; it kills the local broker, so it is not part of make test): the
// broker is killed with SIGKILL during a run and started again once the run has seen the outage. The run goes
// on, its progress lines show the outage, and at the end, with the defaults (acks=all, idempotence), every
// acked event was received exactly once by the consumer and produced = acked + failed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { killBroker, restartBroker } from '../support/broker.js';
import { spawnLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { ackedIn } from '../support/progress.js';

test('SIGKILL the broker mid-run, restart it: nothing acked is lost or duplicated, nothing uncounted', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-fault-'));
  const run = spawnLoadgen(['--rate', '500', '--duration', '30s', '--workers', '1', '--out', out, '-b', BROKERS], { timeoutMs: 240_000 });
  try {
    // Mid-run: a few seconds of acks before the outage (progress lines on stderr).
    await run.waitForLine('stderr', (line) => ackedIn(line) >= 2500, 60_000);
    await killBroker();
    // The outage lasts until the run has seen it, however long that takes on a busy machine.
    await run.waitForLine('stderr', /KAFKA ERROR/, 60_000);
    await restartBroker();
    const { status, stdout, stderr } = await run.exited;
    assert.is(status, 0, stderr);

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
    assert.ok(progress.slice(outage).some((line) => /acked [1-9][\d,]*\/s/.test(line)), `acks resume after it (progress from the outage on):\n${progress.slice(outage).join('\n')}`);
    assert.match(stdout, /consumer: received 15,000, lost 0, duplicates 0/);
  } finally {
    await run.kill();
    // Whatever failed above, the broker is left running for whatever runs next (a no-op when it is).
    await restartBroker();
  }
});

test.run();
