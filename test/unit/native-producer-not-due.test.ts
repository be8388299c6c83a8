// Pacing: produceChunk() sends the records whose intended time has come and stops at the first that has
// not, saying when it is due; with max (--rate max) every record is due at once; `limit` bounds one call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer, runId } from '../support/native.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const jsNowUs = () => (performance.timeOrigin + performance.now()) * 1000;

test('stops at the first record not yet due, consumes nothing more until it is, then goes on', async () => {
  const producer = mockProducer(['native-not-due'], [2]);
  try {
    const now = Date.now();
    const later = now + 400;
    const batch = batchOf([
      { key: 'a', value: '1', timeMs: now - 30 },
      { key: 'b', value: '2', timeMs: now - 20 },
      { key: 'c', value: '3', timeMs: now - 10 },
      { key: 'd', value: '4', timeMs: later },
      { key: 'e', value: '5', timeMs: later + 0.5 },
    ]);
    const stamp = { runId: runId('not-due'), producerId: 2, slotBase: 0, max: false };
    const totals = new Totals();
    const first = producer.produceChunk(batch, CHUNK_START, stamp);
    totals.addProduce(first);
    assert.is(first.status, 'not_due');
    assert.is(first.queued, 3);
    assert.is(first.next.record, 3);
    assert.is(first.dueUs, later * 1000);
    // The publish delay of a record sent late is measured from its intended time.
    assert.ok((first.publishDelayUs[0] as number) >= 30_000 - 1000);

    const again = producer.produceChunk(batch, first.next, stamp);
    assert.is(again.status, 'not_due');
    assert.is(again.queued, 0);
    assert.equal(again.next, first.next);

    await sleep(Math.max(0, ((first.dueUs as number) - jsNowUs()) / 1000) + 5);
    const last = producer.produceChunk(batch, first.next, stamp);
    totals.addProduce(last);
    assert.is(last.status, 'done');
    assert.is(last.queued, 2);
    assert.is(last.next.record, 5);
    assert.ok([...last.publishDelayUs].every((d) => d >= 0 && d < 1_000_000));
    assert.ok(await producer.flush(10_000, (r) => totals.addPoll(r)));
    assert.is(totals.acked, 5);
    assert.equal([...totals.slots].sort(), [0, 1, 2, 3, 4]);
  } finally {
    producer.close();
  }
});

test('max sends everything at once, its intended time being the send time (publish delay 0)', async () => {
  const producer = mockProducer(['native-max'], [1]);
  try {
    const future = Date.now() + 3_600_000;
    const batch = batchOf(Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v', timeMs: future })));
    const r = producer.produceChunk(batch, CHUNK_START, { runId: runId('max'), producerId: 0, slotBase: 0, max: true });
    assert.is(r.status, 'done');
    assert.is(r.queued, 20);
    assert.ok([...r.publishDelayUs].every((d) => d === 0));
    assert.ok(await producer.flush(10_000, () => {}));
  } finally {
    producer.close();
  }
});

test('limit ends a call after that many records; the next call resumes', async () => {
  const producer = mockProducer(['native-limit'], [1]);
  try {
    const batch = batchOf(Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, value: 'v' })));
    const stamp = { runId: runId('limit'), producerId: 0, slotBase: 0, max: true };
    const sizes: number[] = [];
    let from = CHUNK_START;
    for (;;) {
      const r = producer.produceChunk(batch, from, stamp, 10);
      sizes.push(r.queued);
      if (r.status === 'done') break;
      assert.is(r.status, 'limit');
      from = r.next;
    }
    assert.equal(sizes, [10, 10, 5]);
    assert.ok(await producer.flush(10_000, () => {}));
  } finally {
    producer.close();
  }
});

test('an empty batch, or a position at its end, is done at once', () => {
  const producer = mockProducer(['native-empty'], [1]);
  try {
    const stamp = { runId: 'r', producerId: 0, slotBase: 0, max: true };
    const empty = producer.produceChunk(batchOf([]), CHUNK_START, stamp);
    assert.is(empty.status, 'done');
    assert.is(empty.queued, 0);
    const one = batchOf([{ key: 'k', value: 'v' }]);
    const r = producer.produceChunk(one, CHUNK_START, stamp);
    const end = producer.produceChunk(one, r.next, stamp);
    assert.is(end.status, 'done');
    assert.is(end.queued, 0);
    assert.equal(end.next, r.next);
  } finally {
    producer.close();
  }
});

test.run();
