// What the native consumer keeps per record, natively, matches what the native producer sent: every slot
// once in its producer's pages (read back by SlotSet; a full page keeps no bitmap), the counts
// IntegrityTracker would give, the duplicates and out-of-order records of a producer that sends the same
// slots again, and a position per partition at its end offset.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGE_SLOTS, SlotSet } from '../../src/engine/slot-set.js';
import { OFFSET_BEGINNING } from '../../src/kafka/native-consumer.js';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import { mockConsumer, pollUntil } from '../support/native-consumer.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

test('every slot of every producer is received once; SlotSet reads the bitmaps; positions reach the ends', async () => {
  const topics = ['nc-int-a', 'nc-int-b'];
  const producer = mockProducer(topics, [3, 2]);
  const run = runId('nc-int');
  const consumer = mockConsumer(producer, topics, run);
  try {
    assert.equal(consumer.connect(10_000), [3, 2]);
    consumer.assign([0, 1, 2].map((partition) => ({ topicIndex: 0, partition, offset: OFFSET_BEGINNING })));
    consumer.assign([0, 1].map((partition) => ({ topicIndex: 1, partition, offset: 0 })));
    assert.is(loadNativeAddon().liveConsumers(), 1);
    // Producer 7 sends slots 0..299 and producer 9 slots 1000..1199 (a run's later chunk).
    const records = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ topic: i % 2, key: `${tag}-${i}`, value: `value ${i}` }));
    await produceAll(producer, batchOf(records(300, 'p7')), { runId: run, producerId: 7, slotBase: 0, max: true });
    await produceAll(producer, batchOf(records(200, 'p9')), { runId: run, producerId: 9, slotBase: 1000, max: true });

    const got = await pollUntil(consumer, (g) => g.messages >= 500);
    assert.is(got.messages, 500);
    assert.equal(got.counts, { received: 500, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0, malformed: 0, negative: 0 });
    assert.equal(consumer.counts(), got.counts);
    assert.equal(got.topic.filter((t) => t === 0).length, 250);
    assert.is(got.errors, 0);
    assert.equal(consumer.producers().sort((a, b) => a - b), [7, 9]);
    assert.is(consumer.runId, run);

    const sets = consumer.slotSets();
    const p7 = sets.get(7) as SlotSet;
    const p9 = sets.get(9) as SlotSet;
    assert.equal([p7.size, p7.min, p7.max, p7.gaps()], [300, 0, 299, 0]);
    assert.equal([p9.size, p9.min, p9.max, p9.gaps()], [200, 1000, 1199, 0]);
    // The same pages SlotSet would hold had it added the slots itself.
    const expected = new SlotSet();
    for (let slot = 1000; slot < 1200; slot++) expected.add(slot);
    assert.equal(p9.encode(), expected.encode());
    const unseen = consumer.receivedSlots(12345);
    assert.equal([unseen.fullRuns.length, unseen.partial.length, unseen.bits.length], [0, 0, 0]);

    // Every partition's position is its high watermark: everything was read.
    for (const p of consumer.positions()) {
      const { high } = consumer.watermarks(p.topicIndex, p.partition, 5000);
      assert.is(p.offset, high, `topic ${p.topicIndex} partition ${p.partition}`);
    }
    assert.is(consumer.positions().length, 5);
  } finally {
    consumer.close();
    consumer.close();
    producer.close();
  }
  assert.is(loadNativeAddon().liveConsumers(), 0);
  // The integrity state outlives close().
  assert.is(consumer.counts().received, 500);
  assert.throws(() => consumer.poll(1, 0), /closed/);
});

test('the same slots sent again are duplicates; a lower slot after a higher one in a partition is out of order', async () => {
  const topics = ['nc-int-dup'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-dup');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    const batch = (n: number) => batchOf(Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' })));
    // Slots 10..19, then 10..14 again (duplicates), then 0..4 (new, but lower than 19 in the same partition).
    await produceAll(producer, batch(10), { runId: run, producerId: 1, slotBase: 10, max: true });
    await produceAll(producer, batch(5), { runId: run, producerId: 1, slotBase: 10, max: true });
    await produceAll(producer, batch(5), { runId: run, producerId: 1, slotBase: 0, max: true });
    const got = await pollUntil(consumer, (g) => g.messages >= 20);
    assert.is(got.messages, 20);
    assert.equal(got.counts, { received: 15, duplicates: 5, out_of_order: 5, foreign: 0, unstamped: 0, malformed: 0, negative: 0 });
    // Latencies for the records counted received only (out-of-order ones included, as IntegrityTracker counts them).
    assert.is(got.e2eUs.length, 15);
    const set = consumer.slotSets().get(1) as SlotSet;
    assert.equal([set.size, set.min, set.max], [15, 0, 19]);
    assert.is(set.gaps(), 5);
  } finally {
    consumer.close();
    producer.close();
  }
});

test('a full page keeps no bitmap and a repeat into it is a duplicate; a page with a few lost slots keeps them', async () => {
  // A mock cluster's partition keeps its last 5 MB only (older records are deleted unread): producer 5's
  // 131,082 records go to a topic of their own, over 4 partitions.
  const topics = ['nc-int-pages', 'nc-int-prefix'];
  const producer = mockProducer(topics, [2, 4]);
  const run = runId('nc-pages');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [1, 3]].map(([topicIndex, partition]) => ({ topicIndex: topicIndex as number, partition: partition as number, offset: 0 })));
    const batch = (n: number, topic = 0) => batchOf(Array.from({ length: n }, (_, i) => ({ topic, key: `k${i}`, value: 'v' })));
    // Slots P-100 .. 2P+100: the last 100 of page 0, all of page 1, the first 101 of page 2. Then P+5 again.
    const n = PAGE_SLOTS + 201;
    await produceAll(producer, batch(n), { runId: run, producerId: 3, slotBase: PAGE_SLOTS - 100, max: true });
    await produceAll(producer, batch(1), { runId: run, producerId: 3, slotBase: PAGE_SLOTS + 5, max: true });
    const got = await pollUntil(consumer, (g) => g.messages >= n + 1);
    assert.equal([got.counts.received, got.counts.duplicates], [n, 1]);
    const pages = consumer.receivedSlots(3);
    assert.equal([pages.pageSlots, [...pages.fullRuns], [...pages.partial], pages.bits.length], [PAGE_SLOTS, [1, 1], [0, 2], 2 * (PAGE_SLOTS / 8)]);
    const set = consumer.slotSets().get(3) as SlotSet;
    assert.equal([set.size, set.min, set.max, set.gaps(), set.bitmapPages()], [n, PAGE_SLOTS - 100, 2 * PAGE_SLOTS + 100, 0, 2]);

    // Producer 4: page 0 but for slots 1000..1009 (10 lost), then 1005 late, then 500 again. The native page
    // keeps the holes; it exports the page as a bitmap, and SlotSet takes it back as 9 holes.
    await produceAll(producer, batch(1000), { runId: run, producerId: 4, slotBase: 0, max: true });
    await produceAll(producer, batch(PAGE_SLOTS - 1010), { runId: run, producerId: 4, slotBase: 1010, max: true });
    await produceAll(producer, batch(1), { runId: run, producerId: 4, slotBase: 1005, max: true });
    await produceAll(producer, batch(1), { runId: run, producerId: 4, slotBase: 500, max: true });
    const more = await pollUntil(consumer, (g) => g.messages >= PAGE_SLOTS - 8);
    assert.equal([more.counts.received, more.counts.duplicates], [PAGE_SLOTS - 9, 1]);
    const p4 = consumer.slotSets().get(4) as SlotSet;
    assert.equal([p4.size, p4.holes(), p4.bitmapPages(), p4.has(1005), p4.has(1004)], [PAGE_SLOTS - 9, 9, 0, true, false]);

    // Producer 5: slots 0 .. 2P+9, a clean run's shape: pages 0 and 1 are the full prefix, page 2 the frontier.
    await produceAll(producer, batch(2 * PAGE_SLOTS + 10, 1), { runId: run, producerId: 5, slotBase: 0, max: true });
    const p5got = await pollUntil(consumer, (g) => g.messages >= 2 * PAGE_SLOTS + 10);
    assert.equal([p5got.messages, p5got.counts.received], [2 * PAGE_SLOTS + 10, 2 * PAGE_SLOTS + 10]);
    const p5 = consumer.receivedSlots(5);
    assert.equal([[...p5.fullRuns], [...p5.partial]], [[0, 1], [2]]);
    assert.equal(consumer.slotSets().get(5)?.encode().full, [0, 1]);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
