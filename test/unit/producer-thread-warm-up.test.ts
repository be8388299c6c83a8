// A producer thread warms its tally up (warmUpTally) before the clock starts, on copies of its own
// producer's results with records filled in: nothing is sent, and nothing of it reaches the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchWriter } from '../../src/events/batch.js';
import { warmUpTally } from '../../src/engine/thread-tally.js';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { mockProducer } from '../support/native.js';

test('the warm-up runs on the shapes of a real producer\'s results and sends nothing', () => {
  const producer = mockProducer(['warm-a', 'warm-b'], [2, 2]);
  try {
    const emptyChunk = () => producer.produceChunk(new BatchWriter(64).finish(), CHUNK_START, { runId: 'warm', producerId: 0, slotBase: 0, max: false });
    const produce = emptyChunk();
    assert.is(produce.status, 'done');
    assert.is(produce.queued, 0);
    warmUpTally({ poll: () => producer.poll(0), produce: emptyChunk }, ['warm-a', 'warm-b'], null);
    assert.is(producer.inFlight, 0);
    assert.is(producer.poll(0).acked, 0);
  } finally {
    producer.close();
  }
});

test.run();
