// A worker thread that owns a native consumer (test/unit/native-consumer-worker-exit.test.ts): it produces
// `count` records to its own mock cluster, reads them back with a native consumer, reports, and then ends
// WITHOUT closing either client: workerData.mode `leave` returns, `exit` calls process.exit(), `spin` keeps
// polling until terminated from outside.
import { parentPort, workerData } from 'node:worker_threads';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import { mockConsumer, pollUntil } from './native-consumer.js';
import { batchOf, mockProducer, produceAll } from './native.js';

export interface ConsumerWorkerReport {
  readonly mode: string;
  readonly messages: number;
  readonly received: number;
  readonly liveConsumers: number;
  readonly liveProducers: number;
}

const { mode, count, topic } = workerData as { mode: string; count: number; topic: string };
const port = parentPort;
if (!port) throw new Error('native-consumer-worker runs as a worker thread');

const producer = mockProducer([topic], [2]);
const consumer = mockConsumer(producer, [topic], `worker-${mode}`);
consumer.connect(10_000);
consumer.assign([0, 1].map((partition) => ({ topicIndex: 0, partition, offset: 0 })));
await produceAll(producer, batchOf(Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: 'v' }))), { runId: `worker-${mode}`, producerId: 0, slotBase: 0, max: true });
const got = await pollUntil(consumer, (g) => g.messages >= count, 10_000);
const addon = loadNativeAddon();
const report: ConsumerWorkerReport = { mode, messages: got.messages, received: got.counts.received, liveConsumers: addon.liveConsumers(), liveProducers: addon.liveProducers() };
port.postMessage(report);
if (mode === 'exit') process.exit(0);
if (mode === 'spin') {
  const turn = () => {
    consumer.poll(1000, 5);
    setImmediate(turn);
  };
  turn();
}
