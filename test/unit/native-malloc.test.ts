// tuneMalloc (native/src/addon.cc) sets glibc malloc's arena limit and a fixed mmap threshold for the
// process; src/cli/main.ts calls it once at start. glibc answers each mallopt() with 1 when it took the
// setting; a sanitizer build's malloc is not glibc's and takes none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNativeAddon, tuneProcessMalloc } from '../../src/kafka/native-addon.js';

const native = loadNativeAddon();
const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime !== undefined;

test('glibc takes both settings (and a sanitizer build none)', () => {
  assert.is(native.tuneMalloc(2, 128 * 1024), glibc && !native.sanitized);
  assert.is(tuneProcessMalloc(2), glibc && !native.sanitized);
});

test('bad arguments are a TypeError or RangeError, never applied', () => {
  assert.throws(() => (native.tuneMalloc as (...args: unknown[]) => boolean)(), (e: unknown) => e instanceof TypeError);
  assert.throws(() => native.tuneMalloc(0, 128 * 1024), (e: unknown) => e instanceof RangeError);
  assert.throws(() => native.tuneMalloc(2, 100), (e: unknown) => e instanceof RangeError);
});

test.run();
