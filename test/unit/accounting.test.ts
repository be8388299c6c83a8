import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lostAgainst } from '../../src/consumer/integrity.js';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import { SlotSet } from '../../src/engine/slot-set.js';

const topics = ['product-clicks', 'purchases'];
const ok = (topic: string, partition: number) => ({ topic, partition, offset: 0, error: null });

test('reports settle records in produce order within each partition', () => {
  const a = new DeliveryAccounting(topics, 0);
  a.produce(0, 1, 100, 110, 10);
  a.produce(0, 2, 200, 210, 20);
  a.produce(0, 1, 300, 310, 30);
  assert.is(a.inFlight, 3);
  assert.equal(a.deliver(ok('product-clicks', 2), 500), { topic: 0, slot: -1, intendedUs: 200, actualUs: 210, bytes: 20, acked: true });
  assert.equal(a.deliver(ok('product-clicks', 1), 600)?.intendedUs, 100);
  assert.equal(a.deliver(ok('product-clicks', 1), 700)?.intendedUs, 300);
  assert.is(a.inFlight, 0);
  assert.is(a.acked, 3);
  assert.is(a.bytes, 60);
});

test('failures are counted by reason and do not count bytes; produced = acked + failed', () => {
  const a = new DeliveryAccounting(topics, 0);
  a.produce(1, 0, 1, 2, 100);
  a.produce(1, 0, 3, 4, 100);
  a.deliver({ topic: 'purchases', partition: 0, offset: -1, error: { code: -192, message: 'Local: Message timed out' } }, 10);
  a.deliver(ok('purchases', 0), 11);
  assert.is(a.failed, 1);
  assert.is(a.acked, 1);
  assert.is(a.bytes, 100);
  assert.equal([...a.failures], [['Local: Message timed out', 1]]);
  assert.equal(a.topics[1], { produced: 2, acked: 1, failed: 1, bytes: 100 });
  assert.is(a.produced, a.acked + a.failed);
});

test('a report for no known record is ignored, not miscounted', () => {
  const a = new DeliveryAccounting(topics, 0);
  assert.is(a.deliver(ok('purchases', 5), 1), undefined);
  assert.is(a.acked, 0);
});

test('after an abandoned flush, everything in flight is failed with the reason', () => {
  const a = new DeliveryAccounting(topics, 0);
  for (let i = 0; i < 5; i++) a.produce(i % 2, i, i, i, 1);
  a.deliver(ok('product-clicks', 0), 1);
  assert.is(a.abandonInFlight('not delivered before shutdown'), 4);
  assert.is(a.inFlight, 0);
  assert.is(a.failures.get('not delivered before shutdown'), 4);
});

test('acked slots are exactly the slots of acked records: the set `lost` is counted against', () => {
  const a = new DeliveryAccounting(topics, 0);
  // Slots 0-5 over three partitions, and one record without a slot (-1: a caller that does not track slots).
  a.produce(0, 0, 0, 0, 1, 0);
  a.produce(0, 1, 1, 1, 1, 1);
  a.produce(1, 0, 2, 2, 1, 2);
  a.produce(0, 0, 3, 3, 1, 3);
  a.produce(1, 0, 4, 4, 1, 4);
  a.produce(0, 1, 5, 5, 1);
  a.produce(0, 0, 6, 6, 1, 5);
  const failed = { code: -192, message: 'Local: Message timed out' };
  a.deliver(ok('product-clicks', 0), 10); // slot 0
  a.deliver({ topic: 'purchases', partition: 0, offset: -1, error: failed }, 11); // slot 2: failed
  a.deliver(ok('product-clicks', 1), 12); // slot 1
  a.deliver(ok('product-clicks', 1), 13); // no slot
  a.deliver(ok('product-clicks', 0), 14); // slot 3
  a.deliver(ok('purchases', 0), 15); // slot 4
  // Slot 5 is still in flight: not acked (yet).
  assert.equal([0, 1, 2, 3, 4, 5, 6].filter((slot) => a.ackedSlots.has(slot)), [0, 1, 3, 4]);
  assert.equal([a.ackedSlots.size, a.ackedSlots.min, a.ackedSlots.max], [4, 0, 4]);
  assert.is(a.acked, 5, 'the slotless record is acked, but has no slot to be missed');
  // What the consumer check makes of it: a consumer that received slots 1, 2 and 4 lost 0 and 3 (slot 2 failed:
  // it was never owed to the consumer, so neither receiving it nor missing it counts as lost).
  const received = new SlotSet();
  for (const slot of [1, 2, 4]) received.add(slot);
  assert.is(lostAgainst(new Map([[0, a.ackedSlots]]), new Map([[0, received]])), 2);
  a.abandonInFlight('not delivered before shutdown');
  assert.is(a.ackedSlots.has(5), false, 'abandoned is failed, not acked');
});

test('acks are counted per second since the start', () => {
  const a = new DeliveryAccounting(topics, 1_000_000);
  for (let i = 0; i < 4; i++) a.produce(0, 0, 0, 0, 1);
  for (const ackUs of [1_100_000, 1_900_000, 2_000_001, 4_500_000]) a.deliver(ok('product-clicks', 0), ackUs);
  assert.equal(a.perSecond, [2, 1, 0, 1]);
});

test('records are counted per second by when they were handed to the client, whenever their acks come', () => {
  const a = new DeliveryAccounting(topics, 1_000_000);
  for (const actualUs of [900_000, 1_000_000, 1_999_999, 2_000_000, 3_200_000]) a.produce(0, 0, actualUs - 100, actualUs, 1);
  for (let i = 0; i < 5; i++) a.deliver(ok('product-clicks', 0), 4_100_000);
  assert.equal(a.sentPerSecond, [3, 1, 1], 'one sent before the start counts in second 0');
  assert.equal(a.perSecond, [0, 0, 0, 5]);
});

test.run();
