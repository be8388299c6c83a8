// The two hot operations on HdrHistograms, done without what hdr-histogram-js's public methods cost there:
// recording a value (a producer thread records six per event) and adding another thread's compressed
// encoding (the coordinator adds three per thread every second, the consumer two per thread).
//
// Both reach into the library's JsHistogram (methods its TypeScript types leave out, of hdr-histogram-js
// 3.0.1); test/unit/histogram-record.test.ts and histogram-add-encoded.test.ts check that each leaves a
// histogram exactly as the library's own recordValue and add(decode(...)) do, so a library version that
// changed what they rely on fails there.
import { inflateSync } from 'node:zlib';
import { decodeCompressed, type Histogram } from './histogram-library.js';

interface JsHistogramInternals {
  readonly subBucketHalfCountMagnitude: number;
  readonly unitMagnitude: number;
  readonly unitMagnitudeMask: number;
  readonly lowestDiscernibleValueRounded: number;
  readonly lowestDiscernibleValue: number;
  readonly highestTrackableValue: number;
  readonly numberOfSignificantValueDigits: number;
  readonly countsArrayLength: number;
  readonly maxValue: number;
  readonly minNonZeroValue: number;
  readonly totalCount: number;
  incrementCountAtIndex(index: number): void;
  addToCountAtIndex(index: number, count: number): void;
  updateMinAndMax(value: number): void;
  incrementTotalCount(): void;
  setTotalCount(count: number): void;
  updatedMaxValue(value: number): void;
  updateMinNonZeroValue(value: number): void;
  valueFromIndex(index: number): number;
  highestEquivalentValue(value: number): number;
}

/**
 * What hdr-histogram-js's recordValue does, with the counts index found by integer operations.
 *
 * Why: recordValue finds a value's index with Math.log2 and two Math.pow calls, and a producer thread records
 * six values per event (three metrics, each into its topic's and the interval's histogram): at the peak rate
 * that was a tenth of the thread's time. This is HdrHistogram's own (Java) method, the leading zeros of
 * `value | subBucketMask`; values must be integers in [0, 2^32) (the recorder clamps to one hour).
 */
export function recordFast(h: Histogram, value: number): void {
  const j = h as unknown as JsHistogramInternals;
  const half = j.subBucketHalfCountMagnitude;
  const unit = j.unitMagnitude;
  const bucket = Math.max(0, 31 - Math.clz32(value) - half - unit);
  const sub = value >>> (bucket + unit);
  j.incrementCountAtIndex(((bucket + 1) << half) + sub - (1 << half));
  j.updateMinAndMax(value);
  j.incrementTotalCount();
}

/** HdrHistogram's V2 cookies (word size 9 bytes: ZigZag LEB128 counts), as hdr-histogram-js writes them. */
const COMPRESSED_COOKIE = 0x1c849304 | 0x10;
const ENCODING_COOKIE = 0x1c849303 | 0x10;
/** Bytes of the V2 header before the counts: cookie, payload length, offset, digits, lowest, highest, ratio. */
const HEADER_BYTES = 40;

/**
 * Adds a compressed encoding (encodeIntoCompressedBase64's) into `target`: what
 * `target.add(decodeFromCompressedBase64(encoded))` does, counts, total, min and max alike, without building
 * the decoded histogram.
 *
 * Why: each decoded histogram is a new 94 KB counts array. The coordinator decoded 24 a second with eight
 * threads; they lived long enough to reach V8's old space, where only a full collection frees them, so the
 * process grew by about 2 MB a second between collections. An encoding of another shape (digits, range) is
 * decoded and added the library's way.
 */
export function addEncoded(target: Histogram, encoded: string): void {
  const t = target as unknown as JsHistogramInternals;
  const raw = countsOfSameShape(t, encoded);
  if (raw === null) {
    target.add(decodeCompressed(encoded));
    return;
  }
  const end = HEADER_BYTES + raw.readInt32BE(4);
  let pos = HEADER_BYTES;
  let index = 0;
  let total = 0;
  let maxIndex = -1;
  let minNonZeroIndex = -1;
  while (pos < end) {
    // One ZigZag LEB128 word of up to 9 bytes, read as the library reads it: a count, or minus a run of zeros.
    let word = 0;
    let scale = 1;
    for (let i = 0; i < 9; i++) {
      const b = raw[pos++] ?? 0;
      word += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) break;
    }
    const count = word % 2 === 0 ? word / 2 : -(word + 1) / 2;
    if (count < 0) {
      index -= count;
      continue;
    }
    if (index >= t.countsArrayLength) throw new Error(`histogram encoding has a count at index ${index}, beyond its range`);
    if (count > 0) {
      t.addToCountAtIndex(index, count);
      total += count;
      maxIndex = index;
      if (minNonZeroIndex === -1 && index !== 0) minNonZeroIndex = index;
    }
    index++;
  }
  // What the library's decode establishes for the decoded histogram, then what add() does with it.
  const otherMax = maxIndex >= 0 ? t.highestEquivalentValue(t.valueFromIndex(maxIndex)) + t.unitMagnitudeMask : 0;
  let otherMin = Number.MAX_VALUE;
  if (minNonZeroIndex >= 0) {
    const v = t.valueFromIndex(minNonZeroIndex);
    if (v > t.unitMagnitudeMask) otherMin = Math.floor(v / t.lowestDiscernibleValueRounded) * t.lowestDiscernibleValueRounded;
  }
  t.setTotalCount(t.totalCount + total);
  t.updatedMaxValue(Math.max(t.maxValue, otherMax));
  t.updateMinNonZeroValue(Math.min(t.minNonZeroValue, otherMin));
}

/**
 * The uncompressed V2 encoding, when it is of `t`'s shape (digits and range: the same counts array); null for
 * another shape or format, which the library decodes. Throws, as the library does, for a damaged encoding.
 */
function countsOfSameShape(t: JsHistogramInternals, encoded: string): Buffer | null {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 8 || bytes.readInt32BE(0) !== COMPRESSED_COOKIE) return null;
  const raw = inflateSync(bytes.subarray(8, 8 + bytes.readInt32BE(4)));
  if (raw.length < HEADER_BYTES || raw.readInt32BE(0) !== ENCODING_COOKIE) return null;
  const sameShape =
    raw.readInt32BE(12) === t.numberOfSignificantValueDigits &&
    Number(raw.readBigInt64BE(16)) === t.lowestDiscernibleValue &&
    Number(raw.readBigInt64BE(24)) === t.highestTrackableValue;
  if (!sameShape) return null;
  if (HEADER_BYTES + raw.readInt32BE(4) > raw.length) throw new Error('histogram encoding is truncated');
  return raw;
}
