import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ZipfSampler, normalCdf, normalQuantile } from '../../src/model/distributions.js';
import { Random } from '../../src/model/random.js';

test('Zipf draws stay in 1..n and follow P(k) proportional to k^-s', () => {
  const n = 1000;
  const s = 0.88;
  const zipf = new ZipfSampler(n, s);
  const r = new Random(3, 0);
  const counts = new Array<number>(n + 1).fill(0);
  const draws = 400_000;
  for (let i = 0; i < draws; i++) {
    const k = zipf.sample(r);
    assert.ok(k >= 1 && k <= n);
    counts[k]!++;
  }
  let norm = 0;
  for (let k = 1; k <= n; k++) norm += k ** -s;
  // [rank, allowed relative error]: frequent ranks are tight, rarer ones looser (sampling noise).
  for (const [k, tolerance] of [[1, 0.02], [2, 0.03], [10, 0.06], [100, 0.15]] as const) {
    const expected = (draws * k ** -s) / norm;
    assert.ok(Math.abs(counts[k]! - expected) / expected < tolerance, `rank ${k}: ${counts[k]} vs ${expected.toFixed(0)}`);
  }
});

test('Zipf with exponent 1 (the special case of its integral) works too', () => {
  const zipf = new ZipfSampler(100, 1);
  const r = new Random(4, 0);
  let ones = 0;
  for (let i = 0; i < 100_000; i++) if (zipf.sample(r) === 1) ones++;
  let norm = 0;
  for (let k = 1; k <= 100; k++) norm += 1 / k;
  assert.ok(Math.abs(ones / 100_000 - 1 / norm) < 0.01);
});

test('normalQuantile inverts normalCdf and hits known points', () => {
  // [p, z]
  const known: [number, number][] = [[0.5, 0], [0.9, 1.2815516], [0.975, 1.959964], [0.01, -2.3263479]];
  for (const [p, z] of known) assert.ok(Math.abs(normalQuantile(p) - z) < 1e-6, `${p}`);
  for (const p of [0.001, 0.1, 0.3, 0.7, 0.999]) assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-6, `${p}`);
});

test.run();
