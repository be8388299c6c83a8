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
  // An event id and an order id name one event or order: unique outright. A session id is on every event of
  // its session and a cart id on every event of its cart, so those repeat within a stream, but never across
  // streams. (A cart event outside any cart uses its own event id as cart_id: the same stream's id.)
  const once = new Set<string>();
  let onceCount = 0;
  const streamOf = new Map<string, number>();
  const seen: Record<string, number> = { event_id: 0, session_id: 0, cart_id: 0, order_id: 0 };
  for (let stream = 0; stream < 4; stream++) {
    for (const r of generate({ sessions: 3000, seed: 5, stream, streams: 4 }).records) {
      const e = r.event as Record<string, unknown> | null;
      if (!e) continue;
      for (const field of ['event_id', 'session_id', 'cart_id', 'order_id']) {
        const id = e[field];
        if (typeof id !== 'string') continue;
        seen[field]!++;
        const owner = streamOf.get(id);
        assert.ok(owner === undefined || owner === stream, `${field} ${id} of stream ${stream} is also an id of stream ${String(owner)}`);
        streamOf.set(id, stream);
        if (field === 'event_id' || field === 'order_id') {
          assert.not.ok(once.has(id), `${field} ${id} repeated`);
          once.add(id);
          onceCount++;
        }
      }
    }
  }
  assert.is(once.size, onceCount);
  // Every kind of id was there to check: 4 x 3000 sessions fill carts and place nearly a thousand orders.
  for (const [field, n] of Object.entries(seen)) assert.ok(n > 500, `${field}: only ${n} seen`);
});

test('streams of a run differ, and a stream replays regardless of its siblings', () => {
  const a = generate({ sessions: 1000, seed: 5, stream: 1, streams: 4 }).records;
  const b = generate({ sessions: 1000, seed: 5, stream: 2, streams: 4 }).records;
  assert.is.not(digest(a), digest(b));
  assert.is(digest(a), digest(generate({ sessions: 1000, seed: 5, stream: 1, streams: 4 }).records));
});

test.run();
