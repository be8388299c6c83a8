// A producer that becomes garbage without close() is closed by its finalizer: its librdkafka client is
// destroyed (threads joined), nothing leaks, nothing crashes.
import v8 from 'node:v8';
import vm from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START, NativeProducer, loadNativeAddon } from '../../src/kafka/native-producer.js';
import { batchOf } from '../support/native.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const addon = loadNativeAddon();

function abandon(): void {
  const producer = new NativeProducer({ topics: ['native-gc'], properties: { 'test.mock.num.brokers': '1', 'linger.ms': '60000' } });
  producer.mockCreateTopic('native-gc', 1);
  producer.connect(10_000);
  producer.produceChunk(batchOf([{ key: 'k', value: 'v' }]), CHUNK_START, { runId: 'gc', producerId: 0, slotBase: 0, max: true });
}

test('an unreachable, unclosed producer is closed when collected', async () => {
  const live = addon.liveProducers();
  const threads = addon.threadCount();
  abandon();
  assert.is(addon.liveProducers(), live + 1);
  for (let i = 0; i < 50 && addon.liveProducers() > live; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.is(addon.liveProducers(), live, 'the finalizer did not close the producer');
  assert.ok(addon.threadCount() <= threads);
});

test.run();
