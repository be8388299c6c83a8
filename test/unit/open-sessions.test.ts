// The scenario's `concurrency` is the whole generator's open sessions, shared out over its streams
// (openSessionsOf in src/model/event-stream.ts): so the number of sessions open at once, and with it the gaps
// between a session's events, do not depend on how many threads, processes or instances generate them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStream, openSessionsOf } from '../../src/model/event-stream.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';

const shares = (concurrency: number, streams: number) => Array.from({ length: streams }, (_, stream) => openSessionsOf(concurrency, stream, streams));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('shared out as evenly as whole numbers allow, adding up to the scenario\'s concurrency', () => {
  // concurrency, streams -> each stream's share
  assert.equal(shares(10_000, 1), [10_000]);
  assert.equal(shares(10_000, 8), Array(8).fill(1250));
  assert.equal(shares(10, 4), [3, 3, 2, 2]);
  assert.equal(shares(10_000, 3), [3334, 3333, 3333]);
  for (const [concurrency, streams] of [[10_000, 7], [12_345, 16], [1_000_000, 4096]] as const) assert.is(sum(shares(concurrency, streams)), concurrency);
});

test('at least one open session per stream, even with more streams than sessions', () => {
  assert.equal(shares(2, 4), [1, 1, 1, 1]);
  assert.equal(shares(1, 3), [1, 1, 1]);
});

test('a stream keeps its share open: the distinct sessions of its first events', () => {
  // The first 40 events of a stream: drawn from 100 open sessions nearly all distinct (35-40 over seeds 3-5);
  // from a share of 25, at most 25 plus the sessions that ended and were replaced meanwhile (24-27).
  const scenario = { ...DEFAULT_SCENARIO, sessions: { ...DEFAULT_SCENARIO.sessions, concurrency: 100 } };
  const open = (streams: number) => {
    const stream = new EventStream({ seed: 3, stream: 0, streams, scenario });
    const first = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const e = stream.next(Date.UTC(2026, 0, 1) + i);
      if (e?.value && 'session_id' in e.value) first.add(e.value.session_id);
    }
    return first.size;
  };
  assert.ok(open(1) > 30, `one stream: ${open(1)} distinct sessions in 40 events`);
  assert.ok(open(4) <= 30, `a quarter of them: ${open(4)}`);
});

test.run();
