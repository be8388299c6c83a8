// Records deleted before the measuring consumer read them (what retention does under a slow reader), on the
// real broker: Kafka's own kafka-delete-records tool (DeleteRecordsCommand) moves a partition's start past
// the consumer's next offset, and the consumer reports the reset (where it was, where it resumed, how many
// records it never saw) and reads on from the oldest record left. Nothing is skipped silently.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Kafka from 'node-rdkafka';
import { NativeConsumer } from '../../src/kafka/native-consumer.js';
import { NativeProducer } from '../../src/kafka/native-producer.js';
import { runBounded } from '../support/child.js';
import { BROKERS, deleteTopics, uniqueTopic } from '../support/kafka.js';
import { pollUntil } from '../support/native-consumer.js';
import { batchOf, produceAll, runId } from '../support/native.js';
import { projectRoot } from '../support/paths.js';

const topic = uniqueTopic('deleted');

function createTopic(): Promise<void> {
  const admin = Kafka.AdminClient.create({ 'metadata.broker.list': BROKERS, 'client.id': 'loadgen-test-deleted' });
  return new Promise<void>((resolve, reject) =>
    admin.createTopic({ topic, num_partitions: 1, replication_factor: 1 }, 15_000, (err) => {
      admin.disconnect();
      if (err) reject(err);
      else resolve();
    }),
  );
}

async function deleteRecordsBefore(offset: number): Promise<void> {
  const lib = join(projectRoot, '.kafka', 'lib');
  assert.ok(readdirSync(lib).some((f) => f.startsWith('kafka-tools-')), 'the broker setup brings kafka-tools into .kafka/lib');
  const file = join(mkdtempSync(join(tmpdir(), 'loadgen-delete-')), 'offsets.json');
  writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset }] }));
  const tool = await runBounded('java', ['-cp', join(lib, '*'), 'org.apache.kafka.tools.DeleteRecordsCommand', '--bootstrap-server', BROKERS, '--offset-json-file', file], { timeoutMs: 60_000 });
  assert.is(tool.status, 0, tool.stderr);
}

test('a deleted offset is reported with what was skipped, and reading resumes at the oldest record left', async () => {
  await createTopic();
  const run = runId('deleted');
  const producer = new NativeProducer({ brokers: BROKERS, topics: [topic] });
  const consumer = new NativeConsumer({ brokers: BROKERS, topics: [topic], runId: run });
  try {
    producer.connect(15_000);
    await produceAll(producer, batchOf(Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))), { runId: run, producerId: 0, slotBase: 0, max: true });
    await deleteRecordsBefore(400);
    assert.equal(consumer.connect(15_000), [1]);
    assert.equal(consumer.watermarks(0, 0, 15_000), { low: 400, high: 1000 });
    // A reader whose next offset was 100 when the records before 400 went.
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 100 }]);
    const got = await pollUntil(consumer, (g) => g.counts.received >= 600, 30_000);
    assert.is(got.counts.received, 600);
    assert.is(got.resets.length, 1);
    assert.equal({ ...got.resets[0], reason: undefined }, { topicIndex: 0, partition: 0, offset: 100, low: 400, high: 1000, resumedAt: 400, skipped: 300, reason: undefined });
    const slots = consumer.slotSets().get(0);
    assert.equal([slots?.size, slots?.min, slots?.max], [600, 400, 999]);
    assert.equal(consumer.positions(), [{ topicIndex: 0, partition: 0, offset: 1000, high: 1000 }]);
  } finally {
    consumer.close();
    producer.close();
    await deleteTopics([topic]);
  }
});

test.run();
