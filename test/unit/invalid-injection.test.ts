import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { INVALID_REASONS, mutate } from '../../src/events/invalid-injection.js';
import { generate, registry } from '../support/generate.js';

test('every mutation of every event type fails validation', () => {
  const { records } = generate({ sessions: 3000, seed: 4, intervalMs: 30 });
  for (const type of ['product_click', 'cart_add', 'cart_remove', 'purchase', 'catalog_update']) {
    const event = records.find((r) => r.type === type && r.event)?.event;
    assert.ok(event, type);
    for (const reason of INVALID_REASONS) assert.ok(registry().validateEvent(event.event_type, mutate(event, reason)) !== null, `${type}/${reason}`);
  }
});

test('--inject-invalid replaces about that fraction, each marked with its reason; the rest stay valid', () => {
  const { records, pipeline } = generate({ sessions: 4000, seed: 4, injectInvalid: 0.1 });
  const injected = records.filter((r) => r.injected);
  const share = injected.length / records.filter((r) => r.value !== null).length;
  assert.ok(Math.abs(share - 0.1) < 0.01, `share ${share}`);
  for (const r of injected) {
    assert.ok((INVALID_REASONS as readonly string[]).includes(r.injected!.reason));
    assert.ok(registry().validateEvent(r.type, JSON.parse(r.value!)) !== null);
  }
  for (const r of records.filter((x) => !x.injected && x.value !== null)) assert.is(registry().validateEvent(r.type, JSON.parse(r.value!)), null);
  assert.is([...pipeline.injected.values()].reduce((a, b) => a + b, 0), injected.length);
  assert.equal([...pipeline.invalid], [], 'injected events are not generator faults');
});

test('injection does not change the sessions: same events in the same slots, apart from the broken ones', () => {
  const clean = generate({ sessions: 1000, seed: 4 }).records;
  const dirty = generate({ sessions: 1000, seed: 4, injectInvalid: 0.2 }).records;
  assert.is(dirty.length, clean.length);
  dirty.forEach((r, i) => {
    if (!r.injected) assert.is(r.value, clean[i]?.value);
  });
});

test.run();
