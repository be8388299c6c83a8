// Every generated event is valid against its schema, and an event that is not is never passed on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EVENT_TYPES } from '../../src/events/event-types.js';
import { GenerationPipeline } from '../../src/events/pipeline.js';
import type { SchemaRegistry } from '../../src/events/schema-registry.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { START, generate, registry } from '../support/generate.js';

test('100,000 generated events of every type validate independently of the pipeline', () => {
  const { records, pipeline } = generate({ sessions: 25_000, seed: 3, intervalMs: 5 });
  assert.ok(records.length >= 100_000, `${records.length} events`);
  assert.equal([...pipeline.invalid], []);
  const types = new Set<string>();
  for (const r of records) {
    types.add(r.type);
    if (r.value === null) continue;
    assert.is(registry().validateEvent(r.type, JSON.parse(r.value)), null, r.value);
  }
  assert.equal([...types].sort(), [...EVENT_TYPES].sort());
});

test('events that fail validation are dropped and counted by reason; the slot gets the next event', () => {
  // A registry that rejects every cart_add, as a generator bug would make them invalid.
  const real = registry();
  const rejectingCarts: SchemaRegistry = { ...real, validateEvent: (type, event) => (type === 'cart_add' ? '/quantity must be <= 99' : real.validateEvent(type, event)) };
  const pipeline = new GenerationPipeline({ seed: 3, stream: 0, streams: 1, scenario: DEFAULT_SCENARIO, maxSessions: 5000, registry: rejectingCarts });
  let slots = 0;
  for (let r = pipeline.next(START); r; r = pipeline.next(START + ++slots)) assert.is.not(r.type, 'cart_add');
  const dropped = pipeline.invalid.get('cart_add: /quantity must be <= 99') ?? 0;
  assert.ok(dropped > 100, `${dropped} dropped`);
  assert.is(pipeline.invalid.size, 1);
});

test.run();
