import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeliveryAccounting } from '../../src/engine/accounting.js';

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

test('acks are counted per second since the start', () => {
  const a = new DeliveryAccounting(topics, 1_000_000);
  for (let i = 0; i < 4; i++) a.produce(0, 0, 0, 0, 1);
  for (const ackUs of [1_100_000, 1_900_000, 2_000_001, 4_500_000]) a.deliver(ok('product-clicks', 0), ackUs);
  assert.equal(a.perSecond, [2, 1, 0, 1]);
});

test.run();
