// The measuring consumer's lag (records behind the partitions' ends), from its positions and the high
// watermarks librdkafka cached from its last fetches: a table for the sum, and the native consumer's
// positions() carrying the cached high watermark, read from the mock cluster.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { consumerLag } from '../../src/consumer/native-measure.js';
import { mockConsumer, produceRaw } from '../support/native-consumer.js';
import { mockProducer, runId } from '../support/native.js';

test('the lag sums high - position over the partitions whose end is known', () => {
  // [positions, highs, lag]
  const table: [number[], number[], number | null][] = [
    [[0, 0], [-1, -1], null], // no end known yet
    [[10, 5], [10, -1], 0], // caught up on the first; the second's end unknown
    [[10, 5], [25, 8], 18],
    [[-1, 5], [40, 8], 3], // a partition not read yet counts 0 (its start is the end)
    [[30, 5], [25, 5], 0], // read past the cached end (the cache is a fetch behind): 0, never negative
  ];
  for (const [positions, highs, lag] of table) assert.is(consumerLag(positions, highs), lag, JSON.stringify([positions, highs]));
});

test("positions() carries each partition's high watermark as last fetched, without asking the broker", async () => {
  const producer = mockProducer(['nc-lag'], [1]);
  const consumer = mockConsumer(producer, ['nc-lag'], runId('nc-lag'));
  try {
    consumer.connect(10_000);
    assert.equal(consumer.positions().map((p) => p.high), [], 'nothing assigned');
    await produceRaw(producer.mockBootstraps() as string, 'nc-lag', Array.from({ length: 50 }, () => ({})));
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    let read = 0;
    for (const started = Date.now(); read < 20 && Date.now() - started < 10_000; ) read += consumer.poll(20 - read, 50).messages;
    assert.is(read, 20);
    const [p] = consumer.positions();
    assert.is(p?.offset, 20);
    assert.is(p?.high, 50, 'the end, cached from the fetch that brought the first records');
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
