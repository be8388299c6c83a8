// The native consumer lists the run's records that carry a W3C `traceparent` header (sampled by
// --trace-sample), with where they were, for their consume spans: only new records of the run (not a
// duplicate, not another run's), the last traceparent when repeated, none over 64 bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mockConsumer, pollUntil, produceRaw } from '../support/native-consumer.js';
import { mockProducer, runId } from '../support/native.js';

const parent = (n: number) => `00-${n.toString(16).padStart(32, '0')}-${n.toString(16).padStart(16, '0')}-01`;

test("the run's new records with a traceparent are listed with topic, partition and offset", async () => {
  const topics = ['nc-traces'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-t');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    const now = Math.round(Date.now() * 1000);
    const lg = (slot: number, r = run) => ({ lg: `${r}/0/${slot}/${now}/${now}` });
    await produceRaw(producer.mockBootstraps() as string, topics[0] as string, [
      { headers: [lg(0), { traceparent: parent(1) }] }, // offset 0: listed
      { headers: [lg(1)] }, // 1: not sampled
      { headers: [lg(0), { traceparent: parent(1) }] }, // 2: a duplicate of slot 0: not listed again
      { headers: [lg(2, 'another-run'), { traceparent: parent(2) }] }, // 3: another run's
      { headers: [lg(3), { traceparent: parent(3) }, { traceparent: parent(4) }] }, // 4: the last one
      { headers: [lg(4), { traceparent: 'x'.repeat(65) }] }, // 5: too long
      { headers: [{ traceparent: parent(5) }] }, // 6: not stamped
    ]);
    const got = await pollUntil(consumer, (g) => g.messages >= 7);
    assert.is(got.messages, 7);
    assert.equal(got.traced, [
      { topicIndex: 0, partition: 0, offset: 0, traceparent: parent(1) },
      { topicIndex: 0, partition: 0, offset: 4, traceparent: parent(4) },
    ]);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
