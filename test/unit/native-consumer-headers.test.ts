// The `lg` header is found and parsed natively, and whatever is in it is counted, never fatal: a stamp of
// the run (received), of another run (foreign), no header, or one that is not a stamp (unstamped, of which
// malformed: truncated, too many fields, not digits, empty, NUL bytes). With no run id given, the run of the
// first stamped record is adopted, as IntegrityTracker does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStamp } from '../../src/events/record-header.js';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import { mockConsumer, pollUntil, produceRaw } from '../support/native-consumer.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

const addon = loadNativeAddon();
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

test('the native parser reads what the JavaScript one reads from every stamp loadgen writes', () => {
  for (const value of ['r/0/0/0/0', 'run-x/7/123/1732900000123456/1732900000123999', 'a b/9007199254740991/1/2/3', 'r/007/08/09/10']) {
    assert.equal(addon.parseStamp(bytes(value)), parseStamp(value), value);
  }
});

test('anything else is not a stamp', () => {
  for (const value of [
    '', 'r', 'r/1/2/3', 'r/1/2/3/4/5', '/1/2/3/4', 'r/1/2/3/', 'r//2/3/4', 'r/1/x/3/4', 'r/-1/2/3/4', 'r/1/2/3/4 ', 'r/+1/2/3/4',
    'r/1/2/3/9007199254740992', 'r/1/2/3/12345678901234567', 'r/1/2\u0000/3/4', 'r/1/2/3/4\u0000', 'r/1/2.0/3/4', 'r/0x1/2/3/4',
  ]) {
    assert.is(addon.parseStamp(bytes(value)), null, JSON.stringify(value));
  }
  // A run id is any bytes but '/': NUL bytes included (a foreign run, unless it is the run measured).
  assert.equal(addon.parseStamp(bytes('r\u0000x/1/2/3/4')), { runId: 'r\u0000x', producerId: 1, slot: 2, intendedUs: 3, actualUs: 4 });
  assert.throws(() => addon.parseStamp('r/1/2/3/4' as unknown as Uint8Array), /Uint8Array/);
});

test('records of the run, of other runs, without a header and with damaged headers are each counted right', async () => {
  const topics = ['nc-headers'];
  const producer = mockProducer(topics, [2]);
  const run = runId('nc-h');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([0, 1].map((partition) => ({ topicIndex: 0, partition, offset: 0 })));
    const bootstraps = producer.mockBootstraps() as string;
    const nowUs = Math.round(Date.now() * 1000);
    const damaged = [`${run}/1/2/3`, `${run}/1/2/3/4/5`, `${run}/1/x/3/4`, `${run}/1/2/3/`, '', `${run}/1/1099511627776/${nowUs}/${nowUs}`]; // the last: slot 2^40, beyond what loadgen tracks
    await produceRaw(bootstraps, topics[0] as string, [
      ...damaged.map((lg, i) => ({ partition: i % 2, headers: [{ lg }] })),
      { partition: 0 },
      { partition: 1, headers: [{ other: 'header' }] },
      { partition: 0, headers: [{ lg: `another-run/1/2/${nowUs}/${nowUs}` }] },
      // A valid stamp after an `lg` that is not one: the first `lg` header counts, as measure.ts reads it.
      { partition: 1, headers: [{ lg: 'junk' }, { lg: `${run}/3/0/${nowUs}/${nowUs}` }] },
      // Valid stamps of the run (one as a second header, after another header).
      { partition: 0, headers: [{ lg: `${run}/3/1/${nowUs}/${nowUs}` }] },
      { partition: 1, headers: [{ x: 'y' }, { lg: `${run}/3/2/${nowUs}/${nowUs}` }] },
    ]);
    // NUL bytes in a run id (the native producer writes the run id as given).
    await produceAll(producer, batchOf([{ key: 'nul', value: 'v' }]), { runId: `${run}\u0000`, producerId: 4, slotBase: 0, max: true });
    const got = await pollUntil(consumer, (g) => g.messages >= 13);
    assert.is(got.messages, 13);
    assert.equal(got.counts, { received: 2, duplicates: 0, out_of_order: 0, foreign: 2, unstamped: 9, malformed: 7, negative: 0 });
    assert.is(got.errors, 0);
    assert.equal(consumer.producers(), [3]);
    assert.equal([...consumer.slotSets().keys()], [3]);
  } finally {
    consumer.close();
    producer.close();
  }
});

test('with no run id the run of the first stamped record is adopted; unstamped records before it change nothing', async () => {
  const topics = ['nc-adopt'];
  const producer = mockProducer(topics, [1]);
  const consumer = mockConsumer(producer, topics, null);
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    assert.is(consumer.runId, null);
    await produceRaw(producer.mockBootstraps() as string, 'nc-adopt', [{ headers: [{ lg: 'not/a/stamp' }] }]);
    const first = runId('nc-first');
    await produceAll(producer, batchOf([{ key: 'a', value: 'v' }, { key: 'b', value: 'v' }]), { runId: first, producerId: 1, slotBase: 0, max: true });
    await produceAll(producer, batchOf([{ key: 'c', value: 'v' }]), { runId: 'a-later-run', producerId: 1, slotBase: 5, max: true });
    const got = await pollUntil(consumer, (g) => g.messages >= 4);
    assert.equal(got.counts, { received: 2, duplicates: 0, out_of_order: 0, foreign: 1, unstamped: 1, malformed: 1, negative: 0 });
    assert.is(consumer.runId, first);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
