// A worker thread that owns a native producer (test/unit/native-producer-worker*.test.ts). workerData.mode:
//   produce    produce `count` records to its own mock cluster, flush, report the totals, close
//   leave      produce with everything left in flight, report, and end WITHOUT close()
//   exit       the same, then process.exit() from inside the worker
//   spin       produce in a loop until terminated from outside (worker.terminate())
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_START, loadNativeAddon } from '../../src/kafka/native-producer.js';
import { batchOf, mockProducer, produceAll } from './native.js';

export interface WorkerReport {
  readonly mode: string;
  readonly acked: number;
  readonly failed: number;
  readonly slotsContiguous: boolean;
  readonly inFlight: number;
  readonly liveProducers: number;
}

const { mode, count, slotBase, topic } = workerData as { mode: string; count: number; slotBase: number; topic: string };
const port = parentPort;
if (!port) throw new Error('native-worker runs as a worker thread');
const batch = batchOf(Array.from({ length: count }, (_, i) => ({ key: `w-${slotBase + i}`, value: `record ${i} of ${topic}` })));
const stamp = { runId: `worker-${mode}`, producerId: slotBase, slotBase, max: true };

if (mode === 'produce') {
  const producer = mockProducer([topic], [4]);
  const totals = await produceAll(producer, batch, stamp);
  const sorted = [...totals.slots].sort((a, b) => a - b);
  const report: WorkerReport = {
    mode,
    acked: totals.acked,
    failed: totals.failed,
    slotsContiguous: sorted.length === count && sorted.every((s, i) => s === slotBase + i),
    inFlight: producer.inFlight,
    liveProducers: loadNativeAddon().liveProducers(),
  };
  producer.close();
  port.postMessage(report);
} else if (mode === 'leave' || mode === 'exit') {
  const producer = mockProducer([topic], [4], { 'linger.ms': '60000' });
  const r = producer.produceChunk(batch, CHUNK_START, stamp);
  producer.poll(0);
  const report: WorkerReport = { mode, acked: 0, failed: 0, slotsContiguous: true, inFlight: r.inFlight, liveProducers: loadNativeAddon().liveProducers() };
  port.postMessage(report);
  if (mode === 'exit') process.exit(0);
} else if (mode === 'spin') {
  const producer = mockProducer([topic], [4], { 'queue.buffering.max.messages': '1000' });
  let sent = 0;
  const turn = () => {
    const r = producer.produceChunk(batch, CHUNK_START, { ...stamp, slotBase: sent });
    sent += r.queued;
    producer.poll(1);
    setImmediate(turn);
  };
  port.postMessage('spinning');
  turn();
} else {
  throw new Error(`unknown mode ${mode}`);
}
