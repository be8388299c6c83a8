// The consumer's integrity checks from record stamps: duplicates, order within a partition, other runs,
// and lost counted against the producer's acks or, alone, as gaps.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IntegrityTracker, gapsIn, lostAgainst, unexpectedAgainst } from '../../src/consumer/integrity.js';
import { SlotSet } from '../../src/engine/slot-set.js';
import { formatStamp, parseStamp } from '../../src/events/record-header.js';

const stamp = (slot: number, runId = 'r1', producerId = 0) => ({ runId, producerId, slot, intendedUs: 1_000 + slot, actualUs: 1_001 + slot });

test('stamps round-trip through the header text; anything else is not a stamp', () => {
  const s = stamp(42);
  assert.equal(parseStamp(formatStamp(s)), s);
  assert.is(formatStamp(s), 'r1/0/42/1042/1043');
  assert.is(parseStamp('r1/0/1099511627775/2/3')?.slot, 2 ** 40 - 1); // the highest slot loadgen tracks (MAX_SLOT)
  for (const bad of ['', 'r1/0/42/1042', 'r1/0/x/1/2', '/0/1/2/3', 'r1/0/-1/2/3', 'r1/0/1.5/2/3', 'r1//2/3/4', 'r1/ 7/2/3/4', 'r1/0x7/2/3/4', 'r1/7e0/2/3/4', 'r1/+7/2/3/4', 'r1/0/2/3/99999999999999999', 'r1/0/1099511627776/2/3']) {
    assert.is(parseStamp(bad), null, bad);
  }
});

test('duplicates, out-of-order within a partition, foreign and unstamped records are counted apart', () => {
  const t = new IntegrityTracker('r1');
  assert.is(t.observe('clicks', 0, stamp(0)), 'counted');
  assert.is(t.observe('clicks', 0, stamp(2)), 'counted');
  assert.is(t.observe('clicks', 0, stamp(1)), 'counted'); // lower than 2 in the same partition: out of order
  assert.is(t.observe('clicks', 1, stamp(3)), 'counted');
  assert.is(t.observe('carts', 0, stamp(4)), 'counted'); // another partition's order is its own
  assert.is(t.observe('clicks', 0, stamp(2)), 'duplicate'); // a repeat is a duplicate, not also out of order
  assert.is(t.observe('clicks', 0, stamp(9, 'r2')), 'foreign');
  assert.is(t.observe('clicks', 0, null), 'unstamped');
  assert.equal(t.counts(), { received: 5, duplicates: 1, out_of_order: 1, foreign: 1, unstamped: 1 });
});

test('a consumer without a run id adopts the first run it sees', () => {
  const t = new IntegrityTracker(null);
  t.observe('clicks', 0, stamp(0, 'first'));
  assert.is(t.observe('clicks', 0, stamp(1, 'second')), 'foreign');
  assert.is(t.runId, 'first');
});

test('lost: acked but never received; unexpected: received but not acked; gaps when running alone', () => {
  const t = new IntegrityTracker('r1');
  for (const slot of [0, 1, 2, 4, 5, 6]) t.observe('clicks', 0, stamp(slot));
  const acked = new SlotSet();
  for (const slot of [0, 1, 2, 3, 4, 5]) acked.add(slot); // 6 was counted failed by the producer, yet arrived
  const producers = new Map([[0, acked]]);
  assert.is(lostAgainst(producers, t.receivedSlots()), 1);
  assert.is(unexpectedAgainst(producers, t.receivedSlots()), 1);
  assert.is(gapsIn(t.receivedSlots()), 1);
});

test.run();
