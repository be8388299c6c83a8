// SlotSet: the paged bitmap of send slots behind `lost` and `duplicates`. It counts, merges and survives its
// encoding (and an older loadgen's base64 bitmaps); a filled page drops its bitmap, so a clean run's set stays
// small however long the run; and every answer agrees with a plain Set of the same slots.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGE_SLOTS, SlotSet, decodeSlotSets, encodeSlotSets } from '../../src/engine/slot-set.js';
import { Random } from '../../src/model/random.js';

const P = PAGE_SLOTS;

function setOf(slots: Iterable<number>): SlotSet {
  const s = new SlotSet();
  for (const slot of slots) s.add(slot);
  return s;
}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let slot = from; slot < to; slot += step) out.push(slot);
  return out;
}

test('add reports a repeat; size, min and max follow what was added', () => {
  const s = new SlotSet();
  assert.ok(s.add(5));
  assert.ok(s.add(100_000)); // the second page
  assert.not.ok(s.add(5));
  assert.is(s.size, 2);
  assert.is(s.min, 5);
  assert.is(s.max, 100_000);
  assert.ok(s.has(100_000));
  assert.not.ok(s.has(6));
  assert.not.ok(s.has(10 * P)); // a page never touched
});

test('a page whose every slot is in drops its bitmap; a repeat into it is still a repeat', () => {
  const s = new SlotSet();
  for (let slot = 0; slot < 3 * P + 10; slot++) s.add(slot);
  // Pages 0-2 are full, a prefix held as one number: only page 3 (10 slots) is an entry, a bitmap.
  assert.equal([s.bitmapPages(), s.pagesHeld()], [1, 1]);
  assert.is(s.size, 3 * P + 10);
  assert.not.ok(s.add(P + 7));
  assert.ok(s.has(2 * P + 65_535));
  assert.is(s.size, 3 * P + 10);
  assert.equal(s.encode().full, [0, 2]);
});

test('a page missing at most 64 slots (lost records) keeps only those, and they are counted missing', () => {
  const acked = setOf(range(0, 2 * P));
  const lost = [P + 123, P + 124, P + 60_000];
  const received = setOf(range(0, 2 * P).filter((slot) => !lost.includes(slot)));
  assert.equal([received.bitmapPages(), received.holes()], [0, 3]);
  assert.is(acked.missingFrom(received), 3);
  assert.is(received.missingFrom(acked), 0);
  assert.is(received.gaps(), 3);
  assert.ok(received.has(P + 125));
  assert.not.ok(received.has(P + 124));
  // A late record fills its hole; a repeat is still a repeat; the last one makes the page full.
  assert.ok(received.add(P + 124));
  assert.not.ok(received.add(P + 124));
  assert.not.ok(received.add(P + 7));
  assert.is(received.holes(), 2);
  received.add(P + 123);
  received.add(P + 60_000);
  assert.equal([received.holes(), received.size, received.encode().full], [0, 2 * P, [0, 1]]);
  // 65 missing is one too many for a list: the page stays a bitmap.
  assert.equal(setOf(range(0, P - 65)).bitmapPages(), 1);
  assert.equal(setOf(range(0, P - 64)).holes(), 64);
});

test("a clean run's set holds a few pages however long: full pages behind the frontier are one number", () => {
  const s = new SlotSet();
  let most = 0;
  // 40 pages acked out of order within blocks of 2,048 slots, as records in flight are.
  for (let i = 0; i < 40 * P; i++) {
    s.add(i ^ 0x5a5);
    if ((i & 0xfff) === 0) most = Math.max(most, s.pagesHeld());
  }
  assert.equal([s.size, s.pagesHeld(), s.gaps()], [40 * P, 0, 0]);
  assert.ok(most <= 2, `at most 2 pages held at a time, held ${most}`);
  assert.equal(s.encode(), { pageSlots: P, full: [0, 39], holes: {}, pages: {} });
  // A page past a hole cannot join the prefix; once the hole is filled, it does.
  const t = setOf([...range(0, 5), ...range(6, 2 * P)]);
  assert.equal([t.pagesHeld(), t.holes(), t.encode().full], [2, 1, [1, 1]]);
  t.add(5);
  assert.equal([t.pagesHeld(), t.encode().full], [0, [0, 1]]);
});

test('slots up to 2^40 - 1 (MAX_SLOT) are kept and survive encoding', () => {
  const high = [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 70_000, 2 ** 40 - 1];
  const s = setOf(high);
  for (const slot of high) assert.ok(s.has(slot), `slot ${slot}`);
  assert.not.ok(s.has(2 ** 32 + 1));
  const back = SlotSet.decode(JSON.parse(JSON.stringify(s.encode())));
  assert.equal([back.size, back.min, back.max], [4, 2 ** 32 - 1, 2 ** 40 - 1]);
  assert.is(back.missingFrom(s) + s.missingFrom(back), 0);
});

test('merge unites two sets and counts the slots both held, whatever their pages (full, partial, absent)', () => {
  const a = setOf([...range(0, P), ...range(2 * P, 2 * P + 10), ...range(4 * P, 4 * P + 100)]);
  const b = setOf([...range(0, 5), ...range(2 * P, 3 * P), ...range(4 * P + 50, 4 * P + 150), 7 * P + 1]);
  // Both held: 0..4 (a's full page 0), page 2's first 10 (b's full page), 4P+50..4P+99.
  assert.is(a.merge(b), 5 + 10 + 50);
  assert.is(a.size, P + P + 150 + 1);
  assert.equal([a.min, a.max], [0, 7 * P + 1]);
  assert.equal(a.encode().full, [0, 0, 2, 2]);
  assert.is(a.bitmapPages(), 2); // pages 4 and 7
  assert.is(a.merge(new SlotSet()), 0);
  // The page b gave is a copy: adding to a does not change b.
  a.add(7 * P + 2);
  assert.not.ok(b.has(7 * P + 2));
});

test('two partial pages that complete each other merge into a full page; a page of holes merges too', () => {
  const even = setOf(range(0, P, 2));
  const odd = setOf(range(1, P, 2));
  assert.is(even.merge(odd), 0);
  assert.is(even.bitmapPages(), 0);
  assert.is(even.size, P);
  // Holes (all but 3 and 9) merged with a bitmap holding 3, 4 and 5: one hole is left, 4 and 5 overlap.
  const holes = setOf(range(0, P).filter((slot) => slot !== 3 && slot !== 9));
  assert.is(holes.merge(setOf([3, 4, 5])), 2);
  assert.equal([holes.size, holes.holes(), holes.bitmapPages()], [P - 1, 1, 0]);
  assert.not.ok(holes.has(9));
  assert.is(setOf([9]).merge(holes), 0);
});

test('missingFrom counts slots of one set absent from another; gaps counts holes between min and max', () => {
  const acked = setOf(range(0, 20));
  const received = setOf(range(0, 20).filter((slot) => slot !== 3 && slot !== 17));
  received.add(40); // received but never acked
  assert.is(acked.missingFrom(received), 2);
  assert.is(received.missingFrom(acked), 1);
  // received: 0..40 spans 41 slots, 19 present -> 22 gaps (3, 17, 20..39)
  assert.is(received.gaps(), 22);
  assert.is(new SlotSet().gaps(), 0);
  // A full page against a partial one, and against nothing.
  const full = setOf(range(0, P));
  assert.is(full.missingFrom(setOf(range(0, P - 3))), 3);
  assert.is(full.missingFrom(new SlotSet()), P);
  assert.is(setOf(range(0, 10)).missingFrom(full), 0);
});

test('encode and decode keep the slots, the counts, min and max; JSON carries them', () => {
  const holes = [6 * P + 3, 6 * P + 40_000];
  const s = setOf([...range(0, 3 * P), 3 * P + 9, 5 * P + 1, 5 * P + 65_535, ...range(6 * P, 7 * P).filter((slot) => !holes.includes(slot)), 9 * P]);
  const encoded = JSON.parse(JSON.stringify(s.encode()));
  assert.equal(encoded.full, [0, 2]);
  assert.equal(encoded.holes, { 6: [3, 40_000] });
  assert.equal(Object.keys(encoded.pages), ['3', '5', '9']);
  const back = SlotSet.decode(encoded);
  assert.equal([back.size, back.min, back.max], [s.size, 0, 9 * P]);
  assert.is(s.missingFrom(back), 0);
  assert.is(back.missingFrom(s), 0);
  assert.equal([back.bitmapPages(), back.holes()], [3, 2]);
  const sets = decodeSlotSets(encodeSlotSets(new Map([[4, s]])));
  assert.is(sets.get(4)?.size, s.size);
});

test("decode reads an earlier loadgen's base64 bitmap (slots.json of older runs)", () => {
  // Slots 0, 9 and 70,000: bit (slot & 7) of byte (slot >>> 3), up to the highest slot's byte.
  const bytes = new Uint8Array((70_000 >>> 3) + 1);
  for (const slot of [0, 9, 70_000]) bytes[slot >>> 3] = (bytes[slot >>> 3] as number) | (1 << (slot & 7));
  const s = SlotSet.decode(Buffer.from(bytes).toString('base64'));
  assert.equal([s.size, s.min, s.max], [3, 0, 70_000]);
  assert.ok(s.has(9));
  assert.not.ok(s.has(8));
});

test('decode refuses what is not a slot set, by message', () => {
  const page = Buffer.alloc(P / 8).toString('base64');
  assert.throws(() => SlotSet.decode({ pageSlots: 1024, full: [], pages: {} }), /pages of 1024 slots/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [3], pages: {} }), /not a slot set/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [5, 2], pages: {} }), /bad run of full pages/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [0, 2 ** 24], pages: {} }), /bad run of full pages/); // slots of 2^40 and up
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [0, 5, 3, 4], pages: {} }), /page 3 given twice/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [], pages: { x: page } }), /bad page x/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [], pages: { 1: 'AAAA' } }), /bad page 1/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [1, 1], pages: { 1: page } }), /page 1 given twice/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [], holes: { 2: [P] }, pages: {} }), /bad holes of page 2/);
  assert.throws(() => SlotSet.decode({ pageSlots: P, full: [], holes: { 2: range(0, 65) }, pages: {} }), /bad holes of page 2/);
});

test("fromPages takes the native consumer's pages, and refuses a page size or length that does not match", () => {
  const bits = new Uint8Array(P / 8);
  bits[0] = 0b101;
  // Full pages 0 to 1 and 6 to 8 (runs), and page 4 holding slots 0 and 2 of it.
  const s = SlotSet.fromPages(P, [0, 1, 6, 8], [4], bits);
  assert.equal([s.size, s.min, s.max, s.pagesHeld()], [5 * P + 2, 0, 9 * P - 1, 4]);
  assert.ok(s.has(7 * P + 5));
  assert.not.ok(s.has(5 * P));
  assert.throws(() => SlotSet.fromPages(1024, [], [], new Uint8Array(0)), /do not match/);
  assert.throws(() => SlotSet.fromPages(P, [], [4], new Uint8Array(10)), /do not match/);
});

test('random slots, repeats and merges agree with a plain Set (seeded)', () => {
  const random = new Random(20261201);
  let fullPages = 0;
  let holes = 0;
  for (let round = 0; round < 8; round++) {
    const span = 1 + random.int(3 * P);
    const dense = random.next(); // from sparse to dense
    const reference = [new Set<number>(), new Set<number>()];
    const sets = [new SlotSet(), new SlotSet()];
    for (let side = 0; side < 2; side++) {
      const add = (slot: number) => {
        assert.is((sets[side] as SlotSet).add(slot), !(reference[side] as Set<number>).has(slot));
        (reference[side] as Set<number>).add(slot);
      };
      for (let i = 0; i < span * dense; i++) add(random.int(span));
      // A run of consecutive slots over a whole page or more, as a clean run acks them (in odd rounds with a
      // lost one here and there): it fills pages, or leaves them with holes.
      const from = Math.floor(random.int(span) / P) * P;
      for (let slot = from, to = from + P + random.int(P); slot < to; slot++) if (round % 2 === 0 || random.int(30_000) !== 0) add(slot);
    }
    const [a, b] = sets as [SlotSet, SlotSet];
    const [ra, rb] = reference as [Set<number>, Set<number>];
    assert.is(a.size, ra.size);
    assert.is(a.missingFrom(b), [...ra].filter((slot) => !rb.has(slot)).length);
    fullPages += a.encode().full.length / 2;
    holes += a.holes();
    const back = SlotSet.decode(a.encode());
    assert.equal([back.size, back.min, back.max], [a.size, a.min, a.max]);
    const both = [...rb].filter((slot) => ra.has(slot)).length;
    assert.is(a.merge(b), both, `round ${round}`);
    assert.is(a.size, new Set([...ra, ...rb]).size);
    for (let i = 0; i < 200; i++) {
      const slot = random.int(span + 2 * P);
      assert.is(a.has(slot), ra.has(slot) || rb.has(slot));
    }
  }
  assert.ok(fullPages > 0 && holes > 0, 'some round filled a page, and some left holes');
});

test.run();
