// An offset out of range is never skipped silently: poll() reports it (the partition, the offset, the log's
// bounds, where reading resumed and how many records were lost) and reading resumes at the nearest offset the
// log holds. Two ways to get one from the mock cluster: assign past a partition's end, and let the mock's
// retention (5 MB per partition log) drop the start of a log before it is read (the mock cluster has no
// DeleteRecords).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mockConsumer, pollUntil } from '../support/native-consumer.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

test('an assignment past the end is reported and reading resumes at the end: nothing readable skipped', async () => {
  const topics = ['nc-reset-end'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-reset-end');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    const batch = (n: number) => batchOf(Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' })));
    await produceAll(producer, batch(5), { runId: run, producerId: 0, slotBase: 0, max: true });
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 50 }]);
    const reset = await pollUntil(consumer, (g) => g.resets.length > 0, 10_000);
    assert.is(reset.resets.length, 1);
    const r = reset.resets[0];
    assert.equal({ ...r, reason: '' }, { topicIndex: 0, partition: 0, offset: 50, low: 0, high: 5, resumedAt: 5, skipped: 0, reason: '' });
    assert.match(r?.reason ?? '', /out of range|not available/i);
    assert.is(reset.messages, 0);
    assert.equal(consumer.positions(), [{ topicIndex: 0, partition: 0, offset: 5, high: 5 }]);
    // It reads on from there.
    await produceAll(producer, batch(3), { runId: run, producerId: 0, slotBase: 5, max: true });
    const after = await pollUntil(consumer, (g) => g.messages >= 3);
    assert.is(after.messages, 3);
    assert.is(after.resets.length, 0);
    assert.equal(consumer.positions(), [{ topicIndex: 0, partition: 0, offset: 8, high: 8 }]);
    const set = consumer.slotSets().get(0);
    assert.equal([set?.min, set?.max, set?.size], [5, 7, 3]);
  } finally {
    consumer.close();
    producer.close();
  }
});

test('records deleted before they were read: the lost range is reported and reading resumes at the log start', async () => {
  const topics = ['nc-reset-retention'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-reset-ret');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    // 7 MB into one partition: the mock keeps about 5 MB of it.
    const value = 'x'.repeat(100_000);
    await produceAll(producer, batchOf(Array.from({ length: 70 }, (_, i) => ({ key: `k${i}`, value }))), { runId: run, producerId: 0, slotBase: 0, max: true });
    const { low, high } = consumer.watermarks(0, 0, 5000);
    assert.is(high, 70);
    assert.ok(low > 0 && low < high, `low ${low}`);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    const got = await pollUntil(consumer, (g) => g.resets.length > 0 && g.messages >= high - low, 20_000);
    assert.is(got.resets.length, 1);
    const r = got.resets[0];
    assert.equal([r?.offset, r?.low, r?.high, r?.resumedAt, r?.skipped], [0, low, high, low, low]);
    assert.is(got.messages, high - low);
    assert.is(got.counts.received, high - low);
    assert.is(got.errors, 0);
    const set = consumer.slotSets().get(0);
    assert.equal([set?.min, set?.max], [low, 69]);
    assert.equal(consumer.positions().map(({ topicIndex, partition, offset }) => ({ topicIndex, partition, offset })), [{ topicIndex: 0, partition: 0, offset: 70 }]);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
