// `loadgen consume --run-id` running alone: records written by a test producer with a deliberate gap in
// the slot sequence, a duplicate and another run's record are reported as lost 1, duplicates 1, foreign 1.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConsumerSummary } from '../../src/consumer/consumer-results.js';
import { formatStamp } from '../../src/events/record-header.js';
import { spawnLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { within } from '../support/wait.js';

type Producer = InstanceType<typeof Kafka.Producer>;

function produceStamped(producer: Producer, stamps: readonly { runId: string; slot: number }[]): Promise<void> {
  const now = Date.now() * 1000;
  for (const { runId, slot } of stamps) {
    producer.produce('product-clicks', 0, Buffer.from('{}'), `k${slot}`, Date.now(), undefined, [{ lg: formatStamp({ runId, producerId: 0, slot, intendedUs: now, actualUs: now }) }]);
  }
  return new Promise<void>((resolve, reject) => producer.flush(10_000, (err) => (err ? reject(err) : resolve())));
}

test('a skipped slot is lost, a repeated one a duplicate, another run foreign', async () => {
  const runId = `gap-${randomBytes(4).toString('hex')}`;
  const out = mkdtempSync(join(tmpdir(), 'loadgen-gaps-'));
  // The test producer connects before the consumer starts, so that the records follow "measuring" closely.
  const producer: Producer = new Kafka.Producer({ 'metadata.broker.list': BROKERS, dr_cb: true, 'linger.ms': 0 });
  await new Promise<void>((resolve, reject) => producer.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
  // --idle also runs before the first record: it must outlast the wait for them on a loaded machine.
  const consumer = spawnLoadgen(['consume', '--run-id', runId, '--idle', '10s', '--out', out, '-b', BROKERS], { timeoutMs: 90_000 });
  try {
    await consumer.waitForLine('stderr', /measuring/, 60_000);
    await produceStamped(producer, [0, 1, 2, 4, 5, 1].map((slot) => ({ runId, slot })).concat([{ runId: 'another-run', slot: 3 }]));
    const { status, stdout, stderr } = await consumer.exited;
    assert.is(status, 0, stderr);
    const summary = JSON.parse(readFileSync(join(out, 'consumer.json'), 'utf8')) as ConsumerSummary;
    // Slot 3 exists only in another run: received 5 and lost 1 say it was not taken for this run's. Other
    // runs on the broker meanwhile add to foreign too, so the test's own foreign record is at least 1 of it.
    assert.equal(
      { run_id: summary.run_id, received: summary.received, lost: summary.lost, duplicates: summary.duplicates },
      { run_id: runId, received: 5, lost: 1, duplicates: 1 },
    );
    assert.ok(summary.foreign >= 1, `foreign: ${summary.foreign}`);
    assert.is(summary.latency_ms.e2e?.count, 5);
    assert.match(stdout, new RegExp(`run ${runId}: received 5, lost \\(gaps\\) 1, duplicates 1`));
  } finally {
    await consumer.kill();
    if (producer.isConnected()) await within(new Promise<void>((resolve) => producer.disconnect(() => resolve())), 15_000, 'disconnecting the test producer');
  }
});

test.run();
