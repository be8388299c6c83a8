import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Random, hash32, mix32, unitHash } from '../../src/model/random.js';

test('a Random replays exactly for the same seed and stream', () => {
  const a = new Random(42, 3);
  const b = new Random(42, 3);
  for (let i = 0; i < 1000; i++) assert.is(a.u32(), b.u32());
});

test('streams and seeds give different sequences', () => {
  const first = (r: Random) => Array.from({ length: 8 }, () => r.u32());
  assert.not.equal(first(new Random(42, 0)), first(new Random(42, 1)));
  assert.not.equal(first(new Random(42, 0)), first(new Random(43, 0)));
});

test('outputs are pinned: changing the generator changes every sample, so it must be deliberate', () => {
  // Golden values; if they change, the "same seed => same bytes" promise to users breaks across versions.
  assert.equal(Array.from({ length: 3 }, ((r) => () => r.u32())(new Random(1, 0))), [GOLDEN_RANDOM[0], GOLDEN_RANDOM[1], GOLDEN_RANDOM[2]]);
  assert.is(hash32(1, 2, 3, 4), GOLDEN_HASH);
  // Another seed and stream (the stream enters the state: workers must not share a sequence); same reference.
  assert.equal(Array.from({ length: 3 }, ((r) => () => r.u32())(new Random(42, 3))), [4202930033, 1400041020, 2739280065]);
});

test('next() is uniform: chi-square over ten bins below the 0.1% critical value', () => {
  for (const seed of [7, 8, 9]) {
    const r = new Random(seed, 0);
    const bins = new Array<number>(10).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) bins[Math.floor(r.next() * 10)]!++;
    const chiSquare = bins.reduce((sum, count) => sum + (count - n / 10) ** 2 / (n / 10), 0);
    assert.ok(chiSquare < 27.88, `seed ${seed}: chi-square ${chiSquare.toFixed(1)} (9 degrees of freedom) for ${String(bins)}`);
  }
});

test('pick() follows cumulative weights', () => {
  const r = new Random(9, 0);
  const counts = [0, 0, 0];
  for (let i = 0; i < 100_000; i++) counts[r.pick([1, 3, 6])]!++; // weights 1, 2, 3
  assert.ok(Math.abs(counts[0]! / 100_000 - 1 / 6) < 0.01);
  assert.ok(Math.abs(counts[2]! / 100_000 - 3 / 6) < 0.01);
});

test('hashes are pinned functions of their inputs, in [0, 1) as unitHash', () => {
  // Golden values from an independent implementation (Python integers masked to 32 bits) of lowbias32 and of
  // hash32's composition: mix32(seed ^ mix32(a ^ mix32(b ^ mix32(c + 0x9e3779b9)))). It reproduces
  // GOLDEN_RANDOM and GOLDEN_HASH below too, so the reference and this code agree where they were pinned before.
  assert.equal([0, 1, 2, 0x7fffffff, 0xffffffff].map(mix32), [0, 1753845952, 3507691905, 2368339896, 1734902346]);
  assert.is(hash32(5, 1, 2, 3), 3073841637);
  assert.is(hash32(5, 1, 2, 4), 2313268862);
  assert.is(hash32(5, 1), 1535499818, 'b and c default to 0');
  assert.is(hash32(5, 1, 0, 0), 1535499818);
  assert.is(hash32(7, -1), 2526968477, 'a negative input hashes as its 32-bit pattern');
  assert.equal([0, 1, 2].map((i) => unitHash(1, i)), [726357435, 3929454332, 3546075878].map((h) => h / 4294967296));
  for (let i = 0; i < 1000; i++) {
    const u = unitHash(1, i);
    assert.ok(u >= 0 && u < 1);
  }
});

const GOLDEN_RANDOM = [1938645471, 2944487195, 2173528692];
const GOLDEN_HASH = 2823244345;

test.run();
