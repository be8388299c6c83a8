// addEncoded (src/engine/histogram-internals.ts) must leave a histogram exactly as hdr-histogram-js's
// add(decodeFromCompressedBase64(...)) does: every bucket's count, the total, the min and the max. It reads
// the encoding itself and reaches into the library's JsHistogram, so this is what fails if a version of the
// library changes either.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as hdr from 'hdr-histogram-js';
import { HIGHEST_TRACKABLE_US, LatencyRecorder, addEncoded, decode, encode, newHistogram, type Histogram } from '../../src/engine/histograms.js';
import { Random } from '../../src/model/random.js';

/** A histogram of `n` values drawn from `draw`. */
function filled(n: number, draw: () => number): Histogram {
  const h = newHistogram();
  for (let i = 0; i < n; i++) h.recordValue(draw());
  return h;
}

function assertSame(actual: Histogram, expected: Histogram, label: string): void {
  assert.is(encode(actual), encode(expected), `${label}: counts`);
  assert.is(actual.totalCount, expected.totalCount, `${label}: total`);
  assert.is(actual.maxValue, expected.maxValue, `${label}: max`);
  assert.is(actual.minNonZeroValue, expected.minNonZeroValue, `${label}: min`);
  assert.is(actual.getValueAtPercentile(99), expected.getValueAtPercentile(99), `${label}: p99`);
}

const r = new Random(11);
const sources: [string, Histogram][] = [
  ['empty', newHistogram()],
  ['only zeros', filled(5, () => 0)],
  ['one value', filled(1, () => 1234)],
  ['small values, dense', filled(10_000, () => Math.floor(r.next() * 3000))],
  ['spread over the range', filled(10_000, () => Math.floor(r.next() ** 4 * HIGHEST_TRACKABLE_US))],
  ['the top of the range', filled(3, () => HIGHEST_TRACKABLE_US)],
  ['large counts (multi-byte words)', (() => {
    const h = newHistogram();
    h.recordValueWithCount(500, 3_000_000_000);
    h.recordValueWithCount(0, 70_000);
    h.recordValueWithCount(77_777, 1);
    return h;
  })()],
];

test('adding an encoding gives what adding the decoded histogram gives, into an empty histogram', () => {
  for (const [label, source] of sources) {
    const fast = newHistogram();
    const slow = newHistogram();
    addEncoded(fast, encode(source));
    slow.add(decode(encode(source)));
    assertSame(fast, slow, label);
  }
});

test('adding encodings one after another into a histogram that already has values', () => {
  const fast = filled(100, () => 40 + Math.floor(r.next() * 10));
  const slow = newHistogram();
  slow.add(fast);
  for (const [label, source] of sources) {
    addEncoded(fast, encode(source));
    slow.add(decode(encode(source)));
    assertSame(fast, slow, `after ${label}`);
  }
});

test('an encoding of another shape is added the library\'s way', () => {
  const other = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 1_000_000, numberOfSignificantValueDigits: 2, bitBucketSize: 32 });
  for (let i = 0; i < 1000; i++) other.recordValue(Math.floor(r.next() * 900_000));
  const fast = newHistogram();
  const slow = newHistogram();
  addEncoded(fast, hdr.encodeIntoCompressedBase64(other));
  slow.add(hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(other), 32, false));
  assertSame(fast, slow, 'two digits, one second range');
});

test('a damaged encoding throws and adds nothing', () => {
  const h = newHistogram();
  assert.throws(() => addEncoded(h, 'not an encoding'));
  const good = encode(filled(10, () => 5));
  assert.throws(() => addEncoded(h, good.slice(0, 20)));
  assert.is(h.totalCount, 0);
});

test('an interval histogram is valid until the next take, which hands out only what was recorded since', () => {
  const recorder = new LatencyRecorder();
  recorder.record('ack', 't', 100);
  const first = recorder.takeInterval('ack');
  assert.is(first.totalCount, 1);
  recorder.record('ack', 't', 200);
  recorder.record('ack', 't', 300);
  assert.is(first.totalCount, 1, 'values after the take go to the next interval');
  const second = recorder.takeInterval('ack');
  assert.is.not(second, first);
  assert.is(second.totalCount, 2);
  assert.is(second.minNonZeroValue, 200);
  const third = recorder.takeInterval('ack');
  assert.is(third, first, 'the histogram handed out before is reused');
  assert.is(third.totalCount, 0);
  assert.is(recorder.overall('ack').totalCount, 3, 'the run\'s histograms keep every value');
});

test.run();
