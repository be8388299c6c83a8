// Causality inside sessions, checked over every event of 20,000 sessions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LoadgenEvent } from '../../src/events/types.generated.js';
import { generate } from '../support/generate.js';

const { records } = generate({ sessions: 20_000, seed: 21 });
const bySession = new Map<string, LoadgenEvent[]>();
for (const r of records) {
  if (!r.event || r.event.event_type === 'catalog_update') continue;
  const list = bySession.get(r.event.session_id) ?? [];
  list.push(r.event);
  bySession.set(r.event.session_id, list);
}

test('every session is complete and starts with a view', () => {
  assert.is(bySession.size, 20_000);
  for (const events of bySession.values()) assert.is(events[0]?.event_type, 'product_click');
});

test('a removal always follows an add of that product to the same cart, and never exceeds the adds', () => {
  for (const events of bySession.values()) {
    const inCart = new Map<string, number>(); // cart_id/product_id -> lines added minus removed
    for (const e of events) {
      if (e.event_type === 'cart_add') inCart.set(`${e.cart_id}/${e.product_id}`, (inCart.get(`${e.cart_id}/${e.product_id}`) ?? 0) + 1);
      if (e.event_type === 'cart_remove') {
        const key = `${e.cart_id}/${e.product_id}`;
        const open = inCart.get(key) ?? 0;
        assert.ok(open > 0, `removal of ${key} without an add before it`);
        inCart.set(key, open - 1);
      }
    }
  }
});

test('purchases contain only products the session viewed, with consistent totals', () => {
  let orders = 0;
  for (const events of bySession.values()) {
    const viewed = new Set<number>();
    for (const e of events) {
      if (e.event_type === 'product_click') viewed.add(e.product_id);
      if (e.event_type === 'cart_add') assert.ok(viewed.has(e.product_id), 'added a product never viewed');
      if (e.event_type !== 'purchase') continue;
      orders++;
      for (const item of e.line_items) assert.ok(viewed.has(item.product_id), 'bought a product never viewed');
      const subtotal = Math.round(e.line_items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;
      assert.is(e.subtotal, subtotal);
      assert.is(e.total, Math.round((e.subtotal + e.shipping) * 100) / 100);
      assert.is(e.item_count, e.line_items.reduce((s, i) => s + i.quantity, 0));
      assert.is(new Set(e.line_items.map((i) => i.product_id)).size, e.line_items.length, 'one line per product');
    }
  }
  assert.ok(orders > 1000);
});

test('events of a session are in time order and keyed by the session id; catalog updates by product id', () => {
  for (const r of records) {
    if (r.type === 'catalog_update') assert.match(r.key, /^\d+$/);
    else assert.is(r.key, (r.event as { session_id: string }).session_id);
  }
  for (const events of bySession.values()) {
    for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.event_time <= events[i]!.event_time);
  }
});

test('prices agree with the catalog at event time: one price per product and catalog bucket', () => {
  const priceAt = new Map<string, number>();
  for (const r of records) {
    const e = r.event;
    if (!e || (e.event_type !== 'product_click' && e.event_type !== 'cart_add')) continue;
    const key = `${e.product_id}@${Math.floor(r.timeMs / 60_000)}`;
    const known = priceAt.get(key);
    if (known !== undefined) assert.is(e.price, known, key);
    priceAt.set(key, e.price);
  }
});

test.run();
