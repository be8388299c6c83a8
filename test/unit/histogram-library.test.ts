// src/engine/histogram-library.ts builds, encodes and decodes histograms through hdr-histogram-js's modules
// directly instead of its index (which every producer thread would otherwise load). What it builds and
// writes must be what the index's functions build and write, byte for byte, both ways; and the producer
// thread's module must not load the index at all, or the memory it saves is gone.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as hdr from 'hdr-histogram-js';
import { buildHistogram, decodeCompressed, encodeCompressed } from '../../src/engine/histogram-library.js';
import { HIGHEST_TRACKABLE_US } from '../../src/engine/histograms.js';
import { Random } from '../../src/model/random.js';

const SHAPES: [string, number, number, 1 | 2 | 3 | 4 | 5][] = [
  ['loadgen (1 us to an hour, 3 digits)', 1, HIGHEST_TRACKABLE_US, 3],
  ['2 digits, a short range', 1, 10_000, 2],
];

for (const [label, lowest, highest, digits] of SHAPES) {
  test(`${label}: built, encoded and decoded as the library's index does`, () => {
    const ours = buildHistogram(lowest, highest, digits);
    const theirs = hdr.build({ lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits, bitBucketSize: 32, autoResize: false });
    assert.is(ours.constructor, theirs.constructor);
    assert.is(ours.autoResize, false);
    const r = new Random(5);
    for (let i = 0; i < 5_000; i++) {
      const value = Math.max(lowest, Math.floor(r.next() ** 3 * highest));
      ours.recordValue(value);
      theirs.recordValue(value);
    }
    const encoded = encodeCompressed(ours);
    // (assert.ok: a failing assert.is would print two encodings of several KB)
    assert.ok(encoded === hdr.encodeIntoCompressedBase64(theirs), 'the index writes the same encoding');
    const back = decodeCompressed(encoded);
    const theirsBack = hdr.decodeFromCompressedBase64(encoded, 32, false);
    assert.is(back.totalCount, 5_000);
    assert.is(back.totalCount, theirsBack.totalCount);
    assert.is(back.maxValue, theirsBack.maxValue);
    assert.is(back.minNonZeroValue, theirsBack.minNonZeroValue);
    for (const p of [50, 99, 99.99]) assert.is(back.getValueAtPercentile(p), theirsBack.getValueAtPercentile(p), `p${p}`);
    assert.ok(encodeCompressed(back) === encoded, 'the decoded histogram encodes as before');
  });
}

test('an empty histogram survives the round trip', () => {
  const empty = buildHistogram(1, HIGHEST_TRACKABLE_US, 3);
  const back = decodeCompressed(`${encodeCompressed(empty)}\n`);
  assert.is(back.totalCount, 0);
});

test('a damaged or foreign encoding throws, as the library does', () => {
  assert.throws(() => decodeCompressed('AAAA'));
  assert.throws(() => decodeCompressed(Buffer.from('not a histogram at all').toString('base64')));
});

test('only the library\'s JavaScript histograms are encoded', () => {
  const fake = { totalCount: 0 } as unknown as Parameters<typeof encodeCompressed>[0];
  assert.throws(() => encodeCompressed(fake), /JavaScript histograms/);
});

test('the producer thread\'s module loads neither the library\'s index nor its WebAssembly histograms', () => {
  const producer = new URL('../../workers/producer.js', import.meta.url).href;
  const script = `await import(${JSON.stringify(producer)});
    const { createRequire } = await import('node:module');
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('hdr-histogram-js'));
    console.log(JSON.stringify(loaded));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  const loaded = JSON.parse(child.stdout) as string[];
  assert.ok(loaded.some((p) => p.endsWith('JsHistogram.js')), 'the JavaScript histograms are loaded');
  assert.equal(loaded.filter((p) => /hdr-histogram-js[/\\]dist[/\\](index|wasm[/\\])/.test(p)), []);
});

test.run();
