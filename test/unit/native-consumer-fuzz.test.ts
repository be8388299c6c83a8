// Random bytes as the `lg` header never crash the consumer: the native parser takes any bytes (fuzzed
// directly, and compared with src/events/record-header.ts's parseStamp wherever both apply), and random
// header values read from the mock cluster are each counted exactly once, as a stamp or not.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStamp } from '../../src/events/record-header.js';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import { mockConsumer, pollUntil, produceRaw } from '../support/native-consumer.js';
import { checkAsyncProperty, checkProperty } from '../support/property.js';
import { mockProducer, runId } from '../support/native.js';

const addon = loadNativeAddon();

/** Bytes that look like stamps more often than uniform noise would: fields of digits, slashes, and a few odd bytes. */
const stampish = fc
  .array(fc.oneof(fc.constantFrom(...'0123456789/'.split('')), fc.constantFrom('r', '\u0000', ' ', '-', '+', '.', 'e', 'x', '\u00ff'), fc.stringOf(fc.constantFrom(...'0123456789'), { maxLength: 18 })), { maxLength: 12 })
  .map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'latin1')));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), stampish);

test('the native parser takes any bytes, and agrees with parseStamp whenever every number is plain digits', () => {
  checkProperty(
    fc.property(anyBytes, (bytes) => {
      const native = addon.parseStamp(bytes);
      const text = Buffer.from(bytes).toString('latin1');
      const js = parseStamp(text);
      if (native !== null) {
        // Whatever the native parser accepts, the JavaScript one reads the same.
        assert.equal(native, js);
      } else if (js !== null) {
        // The JavaScript one accepts more (Number('') is 0, Number(' 7') is 7...): never a field of plain digits alone.
        const fields = text.split('/').slice(1);
        assert.ok(fields.some((f) => !/^\d{1,16}$/.test(f)), `native refused ${JSON.stringify(text)}`);
      }
    }),
    { fixed: 5000, random: 5000 },
  );
});

test('random header values read from the cluster: no crash, every record counted once', async () => {
  const topics = ['nc-fuzz'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-fuzz');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    let produced = 0;
    await checkAsyncProperty(
      // node-rdkafka sends a header value as a C string (UTF-8, cut at a NUL): any string without NUL.
      fc.asyncProperty(fc.array(fc.oneof(fc.fullUnicodeString({ maxLength: 40 }), stampish.map((b) => `${run}/${Buffer.from(b).toString('latin1')}`)), { minLength: 1, maxLength: 20 }), async (values) => {
        const lgs = values.map((v) => v.replaceAll('\u0000', ''));
        await produceRaw(producer.mockBootstraps() as string, 'nc-fuzz', lgs.map((lg) => ({ headers: [{ lg }] })));
        produced += lgs.length;
        const got = await pollUntil(consumer, (g) => g.messages >= lgs.length, 10_000);
        assert.is(got.messages, lgs.length);
        const c = got.counts;
        assert.is(c.received + c.duplicates + c.foreign + c.unstamped, lgs.length);
        assert.is(got.errors, 0);
      }),
      { fixed: 10, random: 4 },
    );
    assert.is(consumer.positions()[0]?.offset, produced);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();
