// Records sampled for tracing (--trace-sample) carry a W3C `traceparent` header beside their `lg` header
// (and `loadgen-invalid` when injected invalid); the others carry none. A chunk produced over several calls
// (a limit, as after queue_full) keeps each trace on its record. Bad trace lists are refused with a TypeError
// or RangeError, never a crash. Read back from librdkafka's mock cluster with node-rdkafka's consumer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START, type ChunkPosition } from '../../src/kafka/native-producer.js';
import { parseStamp } from '../../src/events/record-header.js';
import { consumeAll } from '../support/native-consume.js';
import { type TestRecord, Totals, batchOf, mockProducer, runId } from '../support/native.js';

const parent = (i: number) => `00-${i.toString(16).padStart(32, '0')}-${(i + 1).toString(16).padStart(16, '0')}-01`;

test('sampled records carry their traceparent, over several calls; the others none', async () => {
  const producer = mockProducer(['native-traces'], [3]);
  try {
    const records: TestRecord[] = Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, invalid: i === 40 ? 1 : 0 }));
    const traced = [0, 7, 19, 20, 40, 59];
    const stamp = { runId: runId('traces'), producerId: 0, slotBase: 500, max: true, traces: traced.map((i) => [i, parent(i + 1)] as const) };
    const batch = batchOf(records);
    const totals = new Totals();
    let from: ChunkPosition = CHUNK_START;
    for (let calls = 0; ; calls++) {
      const r = producer.produceChunk(batch, from, stamp, 9); // nine records per call: traces span calls
      totals.addProduce(r);
      if (r.status === 'done') break;
      from = r.next;
      assert.ok(calls < 20);
    }
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.is(totals.acked, 60);
    const read = await consumeAll(producer.mockBootstraps() as string, 'native-traces', 3, 60);
    assert.is(read.length, 60);
    for (const m of read) {
      const index = (parseStamp(m.headers['lg'] ?? '')?.slot ?? -1) - 500;
      assert.ok(index >= 0 && index < 60, m.headers['lg']);
      assert.is(m.headers['traceparent'], traced.includes(index) ? parent(index + 1) : undefined, `record ${index}`);
      assert.is(m.headers['loadgen-invalid'] !== undefined, index === 40, `record ${index}`);
    }
  } finally {
    producer.close();
  }
});

test('a bad trace list is refused with an error naming it; nothing is sent', () => {
  const producer = mockProducer(['native-traces-bad'], [1]);
  try {
    const batch = batchOf([{ key: 'k', value: 'v' }, { key: 'k2', value: 'v2' }]);
    const stamp = { runId: runId('traces-bad'), producerId: 0, slotBase: 0, max: true };
    // [traces, error]
    const table: [unknown, RegExp][] = [
      ['00-x', /traces must be an array/],
      [[[0]], /each trace must be \[record, traceparent\]/],
      [[['0', parent(1)]], /each trace must be \[record, traceparent\]/],
      [[[-1, parent(1)]], /a record index and a traceparent/],
      [[[0, 'x'.repeat(65)]], /a record index and a traceparent/],
      [[[1, parent(1)], [0, parent(2)]], /ascending record order/],
    ];
    for (const [traces, error] of table) {
      assert.throws(() => producer.produceChunk(batch, CHUNK_START, { ...stamp, traces: traces as [number, string][] }), error, JSON.stringify(traces));
    }
    assert.is(producer.inFlight, 0);
  } finally {
    producer.close();
  }
});

test.run();
