// The native producer hands its latest librdkafka statistics JSON over once (takeStats), for --metrics-port:
// the statistics an idempotent producer already gets every 100 ms, read at most once per tick.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { summarizeStats } from '../../src/engine/client-stats.js';
import { batchOf, mockProducer } from '../support/native.js';

test('statistics served by poll() are handed over once, as librdkafka JSON with the brokers', async () => {
  const producer = mockProducer(['native-stats'], [2], { 'enable.idempotence': 'true', 'statistics.interval.ms': '50' });
  try {
    producer.takeStats(); // whatever came while connecting
    producer.produceChunk(batchOf([{ key: 'k', value: 'v' }]), CHUNK_START, { runId: 'stats', producerId: 0, slotBase: 0, max: true });
    let json: string | null = null;
    for (const started = Date.now(); json === null && Date.now() - started < 5_000; ) {
      producer.poll(20);
      json = producer.takeStats();
    }
    assert.ok(json !== null, 'statistics within 5 s');
    const parsed = JSON.parse(json) as { type: string; brokers: Record<string, unknown> };
    assert.is(parsed.type, 'producer');
    assert.is(Object.keys(parsed.brokers).length >= 3, true, 'the three mock brokers');
    assert.ok(summarizeStats(json).queuedMessages >= 0);
    assert.is(producer.takeStats(), null, 'handed over once');
  } finally {
    producer.close();
  }
});

test.run();
