// The generator's exact output is pinned: a given (seed, stream, streams, scenario) must give the same bytes
// from one version of loadgen to the next, so `--seed` replays a run and a speed-up of the model cannot
// change what it generates unnoticed. A deliberate change of the model updates these digests (print them
// with `node dist/test/unit/generator-output.test.js`, the failure message shows the new one) and says why
// in its commit.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { generate, type GenerateOptions } from '../support/generate.js';

function digest(options: GenerateOptions): string {
  const hash = createHash('sha256');
  let records = 0;
  for (const r of generate(options).records) {
    hash.update(`${r.topic}\u0000${r.key}\u0000${r.value ?? '<tombstone>'}\u0000${r.injected?.reason ?? ''}\n`);
    records++;
  }
  return `${records}:${hash.digest('hex').slice(0, 32)}`;
}

// Slots 50 ms apart, so a sample spans catalog buckets (a minute each) and carries catalog updates too.
const CASES: readonly [string, GenerateOptions, string][] = [
  ['one stream', { sessions: 4000, seed: 7, intervalMs: 50 }, '27479:3b0ee9b194792d01c3b795130dc9294e'],
  ['stream 1 of 3', { sessions: 4000, seed: 7, stream: 1, streams: 3, intervalMs: 50 }, '21087:58ae44f12181c1886ee6e4baee852e20'],
  ['a purchase boost', { sessions: 3000, seed: 11, intervalMs: 50, purchaseBoost: (t) => (Math.floor(t / 10_000) % 2 === 0 ? 3 : 1) }, '19860:a86b9fbea4a3f552116e215440dc4be2'],
  // Unbounded, as a run is: sessions that end are replaced in place; stream 2's user ids are above 2^32.
  ['replaced sessions', { slots: 40_000, seed: 17, stream: 2, streams: 4, intervalMs: 50, scenario: { ...DEFAULT_SCENARIO, sessions: { ...DEFAULT_SCENARIO.sessions, concurrency: 1200 } } }, '40000:3b7e952108356e14f3da36647dc68c07'],
  ['injected invalid events', { sessions: 2000, seed: 13, intervalMs: 50, injectInvalid: 0.05 }, '13107:743edd49faeee0fc4ce310e11bceffb4'],
];

for (const [name, options, expected] of CASES) {
  test(`pinned output: ${name}`, () => {
    assert.is(digest(options), expected);
  });
}

test.run();
