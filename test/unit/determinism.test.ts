// Same seed and options => the same bytes; different streams and seeds => different events, no shared ids.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generate } from '../support/generate.js';

const digest = (records: ReturnType<typeof generate>['records']) => {
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${r.topic}\u0000${r.key}\u0000${r.value}\n`);
  return hash.digest('hex');
};

test('the same seed gives the same bytes', () => {
  assert.is(digest(generate({ sessions: 3000, seed: 99 }).records), digest(generate({ sessions: 3000, seed: 99 }).records));
});

test('another seed gives other events', () => {
  assert.is.not(digest(generate({ sessions: 3000, seed: 99 }).records), digest(generate({ sessions: 3000, seed: 100 }).records));
});

test('event, session, cart and order ids never collide across streams of one run', () => {
  const ids = new Set<string>();
  let count = 0;
  for (let stream = 0; stream < 4; stream++) {
    for (const r of generate({ sessions: 3000, seed: 5, stream, streams: 4 }).records) {
      const e = r.event as Record<string, unknown> | null;
      if (!e) continue;
      for (const field of ['event_id', 'order_id']) {
        if (typeof e[field] !== 'string') continue;
        assert.not.ok(ids.has(e[field] as string), `${field} ${String(e[field])} repeated`);
        ids.add(e[field] as string);
        count++;
      }
    }
  }
  assert.is(ids.size, count);
});

test('streams of a run differ, and a stream replays regardless of its siblings', () => {
  const a = generate({ sessions: 1000, seed: 5, stream: 1, streams: 4 }).records;
  const b = generate({ sessions: 1000, seed: 5, stream: 2, streams: 4 }).records;
  assert.is.not(digest(a), digest(b));
  assert.is(digest(a), digest(generate({ sessions: 1000, seed: 5, stream: 1, streams: 4 }).records));
});

test.run();
