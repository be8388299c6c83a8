// The native producer walks a whole chunk as the JavaScript sender would send it record by record: every
// record on its topic and murmur2 partition (as src/engine/partitioner.ts computes it), with its key,
// value (a null value stays null), timestamp floor(timeMs), the `lg` header <runId>/<producerId>/<slot>/
// <intendedUs>/<actualUs> and, for an injected invalid event, `loadgen-invalid: <reason>`.
// Read back from librdkafka's mock cluster with node-rdkafka's consumer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { partitionFor } from '../../src/engine/partitioner.js';
import { INVALID_REASONS } from '../../src/events/invalid-injection.js';
import { parseStamp } from '../../src/events/record-header.js';
import { consumeAll } from '../support/native-consume.js';
import { type TestRecord, batchOf, mockProducer, produceAll, runId } from '../support/native.js';

test('every record arrives once, stamped, keyed and partitioned as the JavaScript path does', async () => {
  const topics = ['native-chunk-a', 'native-chunk-b'];
  const partitions = [6, 3];
  const producer = mockProducer(topics, partitions);
  try {
    const baseMs = Date.now() - 50 + 0.4375; // a fraction: the timestamp is floored, the header's us rounded
    const records: TestRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const invalid = i % 17 === 5 ? 1 + (i % INVALID_REASONS.length) : 0;
      records.push({
        topic: i % 4 === 3 ? 1 : 0,
        invalid,
        timeMs: baseMs + i * 0.01,
        key: i === 7 ? '' : invalid ? `ключ-${i}` : `session-${i}`,
        value: i % 23 === 11 ? null : invalid ? `{"bad":"é${i}"}` : `{"n":${i},"pad":"${'x'.repeat(i % 50)}"}`,
      });
    }
    const stamp = { runId: runId('chunk'), producerId: 7, slotBase: 1000, max: false };
    const totals = await produceAll(producer, batchOf(records), stamp);
    assert.is(totals.queued, records.length);
    assert.is(totals.acked, records.length);
    assert.is(totals.failed + totals.rejected, 0);
    assert.equal([...totals.slots].sort((a, b) => a - b), records.map((_, i) => 1000 + i));
    assert.is(totals.publishDelayUs.length, records.length);
    assert.ok(totals.publishDelayUs.every((d) => d >= 0));

    const bootstraps = producer.mockBootstraps();
    assert.type(bootstraps, 'string');
    const seen = new Set<number>();
    for (const [t, topic] of topics.entries()) {
      const expected = records.filter((r) => (r.topic ?? 0) === t).length;
      const read = await consumeAll(bootstraps as string, topic, partitions[t] as number, expected);
      assert.is(read.length, expected, topic);
      for (const m of read) {
        const s = parseStamp(m.headers['lg'] ?? '');
        assert.ok(s, `lg header: ${m.headers['lg']}`);
        assert.is(s.runId, stamp.runId);
        assert.is(s.producerId, 7);
        const index = s.slot - 1000;
        const r = records[index] as TestRecord;
        assert.ok(r && !seen.has(index), `slot ${s.slot}`);
        seen.add(index);
        assert.is(r.topic ?? 0, t);
        assert.is(m.key.toString('utf8'), r.key);
        assert.is(m.partition, partitionFor(m.key, partitions[t] as number), `partition of ${r.key}`);
        if (r.value === null) assert.is(m.value, null);
        else assert.is(m.value?.toString('utf8'), r.value);
        assert.is(m.timestamp, Math.floor(r.timeMs as number));
        assert.is(s.intendedUs, Math.round((r.timeMs as number) * 1000));
        assert.ok(s.actualUs >= s.intendedUs);
        assert.is(m.headers['loadgen-invalid'], r.invalid ? INVALID_REASONS[(r.invalid as number) - 1] : undefined);
      }
    }
    assert.is(seen.size, records.length);
  } finally {
    producer.close();
  }
});

test('an invalid reason beyond the list is sent as "unknown"', async () => {
  const producer = mockProducer(['native-chunk-unknown'], [1]);
  try {
    await produceAll(producer, batchOf([{ key: 'k', value: 'v', invalid: 200 }]), { runId: runId('unknown'), producerId: 0, slotBase: 0, max: true });
    const [m] = await consumeAll(producer.mockBootstraps() as string, 'native-chunk-unknown', 1, 1);
    assert.is(m?.headers['loadgen-invalid'], 'unknown');
  } finally {
    producer.close();
  }
});

test.run();
