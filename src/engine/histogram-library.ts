// What loadgen takes of hdr-histogram-js in every thread: building a histogram, its compressed encoding and
// decoding. It loads the library's JavaScript histograms and their encoding, never its index.
//
// Why: the index also loads the WebAssembly histograms (a 39 KB base64 module and AssemblyScript's loader)
// and the log reader and writer, and every producer thread is a V8 isolate of its own that pays for each
// module it loads. Measured with eight worker threads that load nothing else: the index imported, 29 MB more
// than eight bare threads; these three modules required, 11 MB. Imported from ECMAScript modules instead,
// the same three took 37 MB, so they are required. The interval log (src/engine/interval-log.ts), which
// only the coordinator and the report writers use, loads the index for its reader and writer.
//
// Encoding and decoding are the library's own (JsHistogram.encoding, which uses Node's zlib in Node), so an
// encoding is byte for byte what encodeIntoCompressedBase64 writes; test/unit/histogram-library.test.ts
// checks both directions against the index's functions.
import { createRequire } from 'node:module';
import type * as hdr from 'hdr-histogram-js';

const require = createRequire(import.meta.url);
const { decompress } = require('hdr-histogram-js/dist/JsHistogram.encoding.js') as typeof import('hdr-histogram-js/dist/JsHistogram.encoding.js');
const { JsHistogram } = require('hdr-histogram-js/dist/JsHistogram.js') as typeof import('hdr-histogram-js/dist/JsHistogram.js');
const { constructorFromBucketSize } = require('hdr-histogram-js/dist/JsHistogramFactory.js') as typeof import('hdr-histogram-js/dist/JsHistogramFactory.js');

export type Histogram = hdr.Histogram;

/** A histogram of 32-bit counts with the given range and precision, never resized. */
export function buildHistogram(lowest: number, highest: number, digits: number): Histogram {
  const Constructor = constructorFromBucketSize(32);
  const histogram = new Constructor(lowest, highest, digits);
  histogram.autoResize = false;
  return histogram;
}

/** The compressed V2 encoding in base64, as hdr-histogram-js's encodeIntoCompressedBase64 writes it. */
export function encodeCompressed(h: Histogram): string {
  if (!(h instanceof JsHistogram)) throw new Error('only hdr-histogram-js JavaScript histograms are encoded');
  return h.encodeIntoCompressedBase64();
}

/** A compressed base64 encoding read back into a histogram of 32-bit counts, as decodeFromCompressedBase64 does. */
export function decodeCompressed(encoded: string): Histogram {
  return JsHistogram.decode(decompress(Buffer.from(encoded.trim(), 'base64')), 32, 0);
}
