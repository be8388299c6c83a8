// Trace context for --trace-sample (src/events/trace-context.ts): the sampling decision and the ids come
// from the event id alone; every traceparent is valid W3C trace context (version 00, sampled), its trace id
// the event id without dashes; parseTraceparent reads back exactly what is valid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isSampled, parseTraceparent, traceContextOf } from '../../src/events/trace-context.js';
import { Random } from '../../src/model/random.js';

const W3C = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

function uuids(n: number): string[] {
  const random = new Random(7, 0);
  const hex = (digits: number) => Array.from({ length: digits }, () => random.int(16).toString(16)).join('');
  return Array.from({ length: n }, () => `${hex(8)}-${hex(4)}-7${hex(3)}-8${hex(3)}-${hex(12)}`);
}

test('every traceparent is valid W3C trace context: the event id as trace id, a non-zero span id', () => {
  for (const id of uuids(20_000)) {
    const c = traceContextOf(id);
    assert.ok(c, id);
    assert.match(c.traceparent, W3C);
    assert.is(c.traceId, id.replaceAll('-', ''));
    assert.is.not(c.spanId, '0000000000000000');
    assert.equal(parseTraceparent(c.traceparent), { traceId: c.traceId, parentId: c.spanId, sampled: true });
    assert.equal(traceContextOf(id), c, 'the same id, the same context');
  }
});

test('ids that cannot be trace ids give no context', () => {
  for (const id of ['', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '01a22ae4-9468-7000-8000-00000d5c0a4', '01a22ae4946870008000000045af353b']) {
    assert.is(traceContextOf(id), null, id);
  }
  assert.match(traceContextOf('01A22AE4-9468-7000-8000-000045AF353B')?.traceparent ?? '', W3C, 'upper case is read as lower case');
});

test('sampling: none at 0, all at 1, close to the fraction between, and the same decision every time', () => {
  const ids = uuids(20_000);
  assert.is(ids.filter((id) => isSampled(id, 0)).length, 0);
  assert.is(ids.filter((id) => isSampled(id, 1)).length, ids.length);
  // [fraction, expected share]: binomial sd at 20,000 draws is under 0.4 points.
  for (const fraction of [0.01, 0.05, 0.5]) {
    const share = ids.filter((id) => isSampled(id, fraction)).length / ids.length;
    assert.ok(Math.abs(share - fraction) < 0.01, `${fraction}: ${share}`);
  }
  assert.equal(ids.slice(0, 100).map((id) => isSampled(id, 0.3)), ids.slice(0, 100).map((id) => isSampled(id, 0.3)));
});

test('parseTraceparent refuses what is not version-00 trace context', () => {
  for (const value of ['', '00-x', `01-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, `00-${'0'.repeat(32)}-${'b'.repeat(16)}-01`, `00-${'a'.repeat(32)}-${'0'.repeat(16)}-01`, `00-${'A'.repeat(32)}-${'b'.repeat(16)}-01`]) {
    assert.is(parseTraceparent(value), null, value);
  }
  assert.equal(parseTraceparent(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`), { traceId: 'a'.repeat(32), parentId: 'b'.repeat(16), sampled: false });
});

test.run();
