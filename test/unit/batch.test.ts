import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BATCH_HEADER_BYTES, BatchWriter, readBatch } from '../../src/events/batch.js';
import { GenerationPipeline } from '../../src/events/pipeline.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { START, registry } from '../support/generate.js';

test('records round-trip: topic, reason, time, key, value and tombstones', () => {
  const writer = new BatchWriter(4096);
  assert.ok(writer.append(0, 0, 1767225600000.5, 'session-1', '{"a":1}'));
  assert.ok(writer.append(4, 0, 1767225600001, '1000001', null));
  assert.ok(writer.append(2, 3, 1767225600002, 'clé', '{"é":"ü"}'));
  const records = [...readBatch(writer.finish())];
  assert.is(records.length, 3);
  assert.equal(records.map((r) => [r.topic, r.invalid, r.timeMs, r.key.toString(), r.value?.toString() ?? null]), [
    [0, 0, 1767225600000.5, 'session-1', '{"a":1}'],
    [4, 0, 1767225600001, '1000001', null],
    [2, 3, 1767225600002, 'clé', '{"é":"ü"}'],
  ]);
});

test('a record that does not fit is refused whole', () => {
  const writer = new BatchWriter(BATCH_HEADER_BYTES + 16 + 10);
  assert.ok(writer.append(0, 0, 1, 'k', '123456789'));
  assert.not.ok(writer.append(0, 0, 2, 'k', 'x'));
  assert.is([...readBatch(writer.finish())].length, 1);
});

test('a growing writer never refuses a record', () => {
  const writer = new BatchWriter(64, true);
  for (let i = 0; i < 100; i++) assert.ok(writer.append(1, 0, i, `k${i}`, 'v'.repeat(i * 10)));
  const records = [...readBatch(writer.finish())];
  assert.is(records.length, 100);
  assert.is(records[99]?.value?.length, 990);
  assert.ok(writer.capacity >= 100 * 16);
});

test('fill() carries a record that did not fit into the next batch: nothing generated is lost', () => {
  const make = () => new GenerationPipeline({ seed: 6, stream: 0, streams: 1, scenario: DEFAULT_SCENARIO, maxSessions: 500, registry: registry() });
  const time = (slot: number) => START + slot;
  const expected: string[] = [];
  const reference = make();
  for (let r = reference.next(time(0)), s = 1; r; r = reference.next(time(s++))) expected.push(r.value ?? `tombstone:${r.key}`);
  const pipeline = make();
  const got: string[] = [];
  for (;;) {
    const writer = new BatchWriter(4096); // a few records per batch, so many records straddle batches
    const added = pipeline.fill(writer, 1000, time);
    for (const r of readBatch(writer.finish())) got.push(r.value?.toString('latin1') ?? `tombstone:${r.key.toString()}`);
    if (added === 0) break;
  }
  assert.is(got.length, expected.length);
  assert.equal(got, expected);
});

test('a batch written over a finished one holds only its own records', () => {
  const first = new BatchWriter(4096);
  for (let i = 0; i < 20; i++) first.append(0, 0, i, `old-key-${i}`, `{"old":${i}}`);
  const reused = first.finish();
  const second = new BatchWriter(4096, false, reused);
  second.append(2, 0, 7, 'new', '{"new":1}');
  const buffer = second.finish();
  assert.is(buffer, reused, 'no new allocation');
  const records = [...readBatch(buffer)];
  assert.is(records.length, 1);
  assert.is(records[0]?.key.toString('latin1'), 'new');
  assert.is(records[0]?.value?.toString('latin1'), '{"new":1}');
  assert.is(records[0]?.topic, 2);
  // Too small to hold the capacity asked for: a new buffer instead.
  assert.is.not(new BatchWriter(8192, false, reused).finish(), reused);
});

test.run();
