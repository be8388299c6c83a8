// The addon reads the wall clock with clock_gettime(CLOCK_REALTIME); JavaScript's clock for the same
// purpose is (performance.timeOrigin + performance.now()) * 1000 (src/engine/sender.ts's systemClock):
// timeOrigin is read from CLOCK_REALTIME when the thread starts, performance.now() is monotonic. They agree
// to microseconds unless the wall clock is stepped or slewed while the thread runs; a publish delay mixes
// them (a JS-computed schedule against the native send time), so the offset must stay far below its scale.
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';

/** native - JS in us, the JS reading taken as the midpoint of two around the native one; the median of n. */
function medianOffsetUs(nowUs: () => number, n = 5000): { median: number; spread: number } {
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    const before = (performance.timeOrigin + performance.now()) * 1000;
    const native = nowUs();
    const after = (performance.timeOrigin + performance.now()) * 1000;
    offsets.push(native - (before + after) / 2);
  }
  offsets.sort((a, b) => a - b);
  return { median: offsets[n >> 1] as number, spread: (offsets[Math.floor(n * 0.99)] as number) - (offsets[Math.floor(n * 0.01)] as number) };
}

test('on the main thread the native clock is the JavaScript clock to well under a millisecond', () => {
  const { median, spread } = medianOffsetUs(loadNativeAddon().nowUs);
  console.log(`  main thread: native - JS median ${median.toFixed(1)} us, p1-p99 spread ${spread.toFixed(1)} us`);
  assert.ok(Math.abs(median) < 500, `median offset ${median} us`);
});

test('in a worker thread (its own timeOrigin) too', async () => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const addon = require(workerData.file);
    const offsets = [];
    for (let i = 0; i < 5000; i++) {
      const before = (performance.timeOrigin + performance.now()) * 1000;
      const native = addon.nowUs();
      const after = (performance.timeOrigin + performance.now()) * 1000;
      offsets.push(native - (before + after) / 2);
    }
    offsets.sort((a, b) => a - b);
    parentPort.postMessage(offsets[2500]);`;
  const { nativeAddonPath } = await import('../../src/kafka/native-producer.js');
  const worker = new Worker(source, { eval: true, workerData: { file: nativeAddonPath() } });
  const median = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  console.log(`  worker thread: native - JS median ${median.toFixed(1)} us`);
  assert.ok(Math.abs(median) < 500, `median offset ${median} us`);
});

test.run();
