// recordFast (src/engine/histogram-internals.ts) must leave a histogram exactly as hdr-histogram-js's recordValue
// does: every bucket's count, the total, the min and the max. It reaches into the library's JsHistogram, so
// this is what fails if a version of the library changes what it relies on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HIGHEST_TRACKABLE_US, encode, newHistogram, recordFast } from '../../src/engine/histograms.js';
import { Random } from '../../src/model/random.js';

function values(): number[] {
  const out: number[] = [];
  for (let v = 0; v <= 4200; v += v < 2100 ? 1 : 7) out.push(v); // bucket 0 one by one, then into buckets 1 and 2
  for (let k = 11; k < 32; k++) for (const d of [-2, -1, 0, 1, 2]) out.push(2 ** k + d); // every bucket edge
  const r = new Random(3);
  for (let i = 0; i < 5_000; i++) out.push(Math.floor(r.next() ** 4 * HIGHEST_TRACKABLE_US)); // spread over the range
  out.push(HIGHEST_TRACKABLE_US);
  return out.filter((v) => v <= HIGHEST_TRACKABLE_US);
}

test('recordFast gives the same histogram as recordValue, value by value', () => {
  const slow = newHistogram();
  const fast = newHistogram();
  for (const v of values()) {
    slow.reset();
    fast.reset();
    slow.recordValue(v);
    recordFast(fast, v);
    // The one count is in the value's bucket: the library reads the same bucket back.
    assert.is(fast.getValueAtPercentile(50), slow.getValueAtPercentile(50), `value ${v}`);
    assert.is(fast.totalCount, 1);
    assert.is(fast.maxValue, slow.maxValue, `max after ${v}`);
    assert.is(fast.minNonZeroValue, slow.minNonZeroValue, `min after ${v}`);
  }
});

test('recordFast gives the same histogram as recordValue over many values', () => {
  const slow = newHistogram();
  const fast = newHistogram();
  for (const v of values()) {
    slow.recordValue(v);
    recordFast(fast, v);
  }
  assert.is(fast.totalCount, slow.totalCount);
  assert.is(encode(fast), encode(slow));
  assert.is(fast.getValueAtPercentile(99), slow.getValueAtPercentile(99));
  assert.is(fast.maxValue, slow.maxValue);
  assert.is(fast.minNonZeroValue, slow.minNonZeroValue);
});

test.run();
