// How `consume --print` judges a record: valid events as they are, everything else flagged with a reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspectRecord } from '../../src/consumer/print.js';
import { mutate } from '../../src/events/invalid-injection.js';
import { generate, registry } from '../support/generate.js';

const click = generate({ sessions: 5, seed: 3 }).records.find((r) => r.type === 'product_click');
const message = (value: Buffer | null) => ({ topic: 'product-clicks', partition: 2, offset: 7, key: Buffer.from('k1'), timestamp: 1767225600000, headers: [{ lg: Buffer.from('r/0/1/2/3') }], value });

test('a valid event is printed as it is, with its record metadata and headers decoded', () => {
  const r = inspectRecord(message(Buffer.from(click?.value ?? '')), registry());
  assert.is(r.valid, true);
  assert.is(r.error, undefined);
  assert.equal(r.event, JSON.parse(click?.value ?? ''));
  assert.equal([r.topic, r.partition, r.offset, r.key, r.timestamp], ['product-clicks', 2, 7, 'k1', 1767225600000]);
  assert.equal(r.headers, { lg: 'r/0/1/2/3' });
});

test('invalid records are flagged with the reason', () => {
  // [value, expected error]
  const cases: [Buffer, string][] = [
    [Buffer.from(JSON.stringify(mutate(click!.event!, 'negative_amount'))), '/price must be >= 0'],
    [Buffer.from('NCXNGNSLWLYZ'), 'not JSON'],
    [Buffer.from('{"event_type":"page_view"}'), 'unknown event_type "page_view"'],
    [Buffer.from('[1,2]'), 'unknown event_type undefined'],
  ];
  for (const [value, error] of cases) {
    const r = inspectRecord(message(value), registry());
    assert.is(r.valid, false, value.toString());
    assert.is(r.error, error);
  }
});

test('a tombstone (null value) is valid, with a null event', () => {
  const r = inspectRecord(message(null), registry());
  assert.is(r.valid, true);
  assert.is(r.event, null);
});

test.run();
