// pause(true) stops fetching every assigned partition (a phase that pauses the companion consumer) and
// pause(false) resumes from the next offset to read: what arrived meanwhile is read then, none lost or twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mockConsumer, pollUntil } from '../support/native-consumer.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

test('paused: nothing is read; resumed: everything produced meanwhile, once', async () => {
  const topics = ['nc-pause'];
  const producer = mockProducer(topics, [3]);
  const run = runId('nc-pause');
  const consumer = mockConsumer(producer, topics, run);
  const batch = (n: number, from: number) => batchOf(Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })));
  try {
    consumer.connect(10_000);
    consumer.assign([0, 1, 2].map((partition) => ({ topicIndex: 0, partition, offset: 0 })));
    await produceAll(producer, batch(30, 0), { runId: run, producerId: 0, slotBase: 0, max: true });
    assert.is((await pollUntil(consumer, (g) => g.messages >= 30)).messages, 30);

    consumer.pause(true);
    await produceAll(producer, batch(50, 30), { runId: run, producerId: 0, slotBase: 30, max: true });
    // A second of polling while paused reads none of the 50 (the mock cluster answers fetches in ms).
    const quiet = await pollUntil(consumer, () => false, 1000);
    assert.is(quiet.messages, 0);
    assert.is(consumer.counts().received, 30);

    consumer.pause(false);
    const after = await pollUntil(consumer, (g) => g.messages >= 50);
    assert.is(after.messages, 50);
    const counts = consumer.counts();
    assert.equal([counts.received, counts.duplicates, counts.out_of_order], [80, 0, 0]);
    const set = consumer.slotSets().get(0);
    assert.equal([set?.min, set?.max, set?.size], [0, 79, 80]);
    assert.throws(() => (consumer.pause as (p: unknown) => void)('yes'), /pause\(paused\): a boolean/);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
