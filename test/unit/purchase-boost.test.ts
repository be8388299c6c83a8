// A flash sale may raise the purchase share while it lasts (--profile spike:...,purchases=N): the session
// model multiplies a session's chance that its next move is a purchase, the other moves keeping their
// proportions, with one random draw either way so the rest of the stream is unchanged outside the sale.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { START, generate } from '../support/generate.js';

const purchases = (records: ReturnType<typeof generate>['records']) => records.filter((r) => r.type === 'purchase').length;

test('a boost of 1 is the plain stream, event for event', () => {
  const plain = generate({ sessions: 2000, seed: 4 }).records.map((r) => r.value);
  const one = generate({ sessions: 2000, seed: 4, purchaseBoost: () => 1 }).records.map((r) => r.value);
  assert.equal(one, plain);
});

test('a boost of 3 buys about three times as often per session; only while it lasts', () => {
  const plain = generate({ sessions: 20_000, seed: 4 });
  const boosted = generate({ sessions: 20_000, seed: 4, purchaseBoost: () => 3 });
  const ratio = purchases(boosted.records) / 20_000 / (purchases(plain.records) / 20_000);
  assert.ok(ratio > 2.3 && ratio < 3.3, `purchases per session x${ratio.toFixed(2)}`);
  // Boosted only in the first 1,000 ms of event time: the events after it are generated with the plain mix.
  const window = generate({ sessions: 20_000, seed: 4, purchaseBoost: (t) => (t < START + 1000 ? 3 : 1) });
  const within = (records: ReturnType<typeof generate>['records'], lo: number, hi: number) => purchases(records.filter((_, i) => i >= lo && i < hi));
  assert.ok(within(window.records, 0, 1000) > 1.8 * within(plain.records, 0, 1000), 'more purchases in the sale');
  const after = within(window.records, 20_000, 60_000) / within(plain.records, 20_000, 60_000);
  assert.ok(after > 0.85 && after < 1.15, `the plain share after it: x${after.toFixed(2)}`);
});

test.run();
