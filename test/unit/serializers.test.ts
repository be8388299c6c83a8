// The template serialisers are only correct if (1) their output equals JSON.stringify and (2) no string can
// need escaping. (2) holds because validation runs first and every string field rejects such characters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serializeEvent } from '../../src/events/serializers.js';
import { generate, registry } from '../support/generate.js';

const { records } = generate({ sessions: 10_000, seed: 8, intervalMs: 20 });

test('output equals JSON.stringify byte for byte, for every event type', () => {
  const seen = new Set<string>();
  for (const r of records) {
    if (!r.event) continue;
    seen.add(r.type);
    assert.is(serializeEvent(r.event), JSON.stringify(r.event));
  }
  assert.is(seen.size, 5);
});

test('every string field rejects quotes, backslashes, control and non-ASCII characters', () => {
  const firstOf = (type: string) => records.find((r) => r.type === type && r.event)?.event as Record<string, unknown> | undefined;
  let checked = 0;
  for (const type of ['product_click', 'cart_add', 'cart_remove', 'purchase', 'catalog_update'] as const) {
    const event = firstOf(type);
    assert.ok(event, type);
    const items = (event['line_items'] as Record<string, unknown>[] | undefined) ?? [];
    const targets: [Record<string, unknown>, string][] = [
      ...Object.keys(event).map((k): [Record<string, unknown>, string] => [event, k]),
      ...Object.keys(items[0] ?? {}).map((k): [Record<string, unknown>, string] => [items[0] as Record<string, unknown>, k]),
    ];
    for (const [holder, field] of targets) {
      const original = holder[field];
      if (typeof original !== 'string') continue;
      for (const bad of ['"', '\\', '\n', 'é']) {
        holder[field] = original + bad;
        assert.ok(registry().validateEvent(type, event) !== null, `${type}.${field} accepted ${JSON.stringify(bad)}`);
        checked++;
      }
      holder[field] = original;
    }
  }
  assert.ok(checked > 60, `${checked} checks`);
});

test.run();
