// SlotSet: the bitmap of send slots behind `lost` and `duplicates`; it grows, counts and survives base64.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SlotSet } from '../../src/engine/slot-set.js';

test('add reports a repeat; size, min and max follow what was added', () => {
  const s = new SlotSet();
  assert.ok(s.add(5));
  assert.ok(s.add(100_000)); // beyond the first allocation: the set grows
  assert.not.ok(s.add(5));
  assert.is(s.size, 2);
  assert.is(s.min, 5);
  assert.is(s.max, 100_000);
  assert.ok(s.has(100_000));
  assert.not.ok(s.has(6));
});

test('merge unites two sets and counts the slots both held (duplicates across consumer threads)', () => {
  const a = new SlotSet();
  const b = new SlotSet();
  for (let slot = 0; slot < 10; slot++) a.add(slot);
  for (let slot = 5; slot < 20_000; slot += 5) b.add(slot); // 5 and 10..: b is larger than a's bitmap
  const union = new Set([...Array(10).keys(), ...Array.from({ length: 3999 }, (_, i) => 5 + i * 5)]);
  assert.is(a.merge(b), 1); // slot 5 only
  assert.is(a.size, union.size);
  assert.equal([a.min, a.max], [0, 19_995]);
  for (const slot of [0, 5, 9, 10, 19_995]) assert.ok(a.has(slot), `slot ${slot}`);
  assert.not.ok(a.has(11));
  assert.is(a.merge(new SlotSet()), 0);
  assert.is(SlotSet.fromBase64(a.toBase64()).size, union.size);
});

test('missingFrom counts slots of one set absent from another; gaps counts holes between min and max', () => {
  const acked = new SlotSet();
  const received = new SlotSet();
  for (let slot = 0; slot < 20; slot++) acked.add(slot);
  for (let slot = 0; slot < 20; slot++) if (slot !== 3 && slot !== 17) received.add(slot);
  received.add(40); // received but never acked
  assert.is(acked.missingFrom(received), 2);
  assert.is(received.missingFrom(acked), 1);
  // received: 0..40 spans 41 slots, 19 present -> 22 gaps (3, 17, 20..39)
  assert.is(received.gaps(), 22);
  assert.is(new SlotSet().gaps(), 0);
});

test('base64 round trip keeps the slots and the counts', () => {
  const s = new SlotSet();
  for (const slot of [0, 7, 8, 9, 1023, 1024, 65_537]) s.add(slot);
  const back = SlotSet.fromBase64(s.toBase64());
  assert.is(back.size, 7);
  assert.is(back.min, 0);
  assert.is(back.max, 65_537);
  assert.is(s.missingFrom(back), 0);
  assert.is(back.missingFrom(s), 0);
});

test.run();
