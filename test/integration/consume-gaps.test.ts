// `loadgen consume --run-id` running alone: records written by a test producer with a deliberate gap in
// the slot sequence, a duplicate and another run's record are reported as lost 1, duplicates 1, foreign 1.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConsumerSummary } from '../../src/consumer/consumer-results.js';
import { formatStamp } from '../../src/events/record-header.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

async function produceStamped(stamps: readonly { runId: string; slot: number }[]): Promise<void> {
  const producer = new Kafka.Producer({ 'metadata.broker.list': BROKERS, dr_cb: true, 'linger.ms': 0 });
  await new Promise<void>((resolve, reject) => producer.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
  const now = Date.now() * 1000;
  for (const { runId, slot } of stamps) {
    producer.produce('product-clicks', 0, Buffer.from('{}'), `k${slot}`, Date.now(), undefined, [{ lg: formatStamp({ runId, producerId: 0, slot, intendedUs: now, actualUs: now }) }]);
  }
  await new Promise<void>((resolve, reject) => producer.flush(10_000, (err) => (err ? reject(err) : resolve())));
  await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
}

test('a skipped slot is lost, a repeated one a duplicate, another run foreign', async () => {
  const runId = `gap-${randomBytes(4).toString('hex')}`;
  const out = mkdtempSync(join(tmpdir(), 'loadgen-gaps-'));
  const consumer = spawn(loadgenBin, ['consume', '--run-id', runId, '--idle', '3s', '--out', out, '-b', BROKERS], { cwd: projectRoot });
  let stderr = '';
  let stdout = '';
  consumer.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const measuring = new Promise<void>((resolve) =>
    consumer.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('measuring')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => consumer.on('exit', resolve));
  await Promise.race([measuring, exited]);
  await produceStamped([0, 1, 2, 4, 5, 1].map((slot) => ({ runId, slot })).concat([{ runId: 'another-run', slot: 3 }]));
  assert.is(await exited, 0, stderr);
  const summary = JSON.parse(readFileSync(join(out, 'consumer.json'), 'utf8')) as ConsumerSummary;
  assert.equal(
    { run_id: summary.run_id, received: summary.received, lost: summary.lost, duplicates: summary.duplicates, foreign: summary.foreign },
    { run_id: runId, received: 5, lost: 1, duplicates: 1, foreign: 1 },
  );
  assert.is(summary.latency_ms.e2e?.count, 5);
  assert.match(stdout, new RegExp(`run ${runId}: received 5, lost \\(gaps\\) 1, duplicates 1`));
});

test.run();
