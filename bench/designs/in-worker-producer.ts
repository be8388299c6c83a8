// Design (b) of the producer, for bench/producer-designs.bench.ts only: every generator thread also owns a
// librdkafka producer and paces and sends its own chunks. node-rdkafka cannot be loaded in a worker, so this
// needs a context-aware fork with the same API, loaded from the path in the task (it is not a dependency).
import type { MessagePort } from 'node:worker_threads';
import { BatchWriter } from '../../src/events/batch.js';
import { TOPICS } from '../../src/events/event-types.js';
import { GenerationPipeline, appendRecord } from '../../src/events/pipeline.js';
import { loadEventValidators } from '../../src/events/event-validators.js';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import { LatencyRecorder, METRICS, encode } from '../../src/engine/histograms.js';
import { scheduledAt, totalSlots } from '../../src/engine/pacer.js';
import { RdkafkaProducer, type KafkaModule } from '../../src/kafka/rdkafka-producer.js';
import { Control, type GeneratorTask } from '../../src/engine/protocol.js';
import { Sender, settleDeliveries } from '../../src/engine/sender.js';
import { systemClock } from '../../src/engine/clock.js';

export interface InWorkerTask extends Omit<GeneratorTask, 'port'> {
  readonly kafkaModule: string;
  readonly brokers: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly port: MessagePort;
}

export interface InWorkerReport {
  readonly produced: number;
  readonly acked: number;
  readonly failed: number;
  readonly perSecond: readonly number[];
  readonly histograms: Record<string, string[]>;
}

export default async function inWorker(task: InWorkerTask): Promise<InWorkerReport> {
  const kafka = ((await import(task.kafkaModule)) as { default: KafkaModule }).default;
  const registry = loadEventValidators(task.validators);
  const pipeline = new GenerationPipeline({ seed: task.seed, stream: task.worker, streams: task.workers, scenario: task.scenario, registry });
  for (let i = 0; i < 20_000; i++) pipeline.next(Date.now() + i); // JIT warm-up, as the real generator does
  const producer = new RdkafkaProducer(kafka, task.brokers, task.properties, 10_000);
  await producer.connect(TOPICS);
  const control = new Int32Array(task.control, 0, 2);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  task.port.postMessage({ kind: 'ready', worker: task.worker });
  while (Atomics.load(control, Control.allowedChunks) === 0) await Atomics.waitAsync(control, Control.allowedChunks, 0, 1000).value;

  const t0Us = (startMs[0] ?? 0) * 1000;
  const accounting = new DeliveryAccounting(TOPICS, t0Us);
  const latency = new LatencyRecorder();
  const sender = new Sender({
    producer, accounting, latency, topics: TOPICS, schedule: task.schedule, runId: task.runId, producerId: task.worker,
    clock: systemClock, firstChunk: task.worker, chunkStride: task.workers,
  });
  settleDeliveries(producer, accounting, latency, systemClock);

  const total = totalSlots(task.schedule);
  const max = task.schedule.kind === 'max';
  const generate = async () => {
    for (let chunk = task.worker; chunk * task.chunkSlots < total; chunk += task.workers) {
      for (let a = Atomics.load(control, Control.allowedChunks); a <= chunk; a = Atomics.load(control, Control.allowedChunks)) {
        if (Atomics.load(control, Control.stop) === 1) return;
        await Atomics.waitAsync(control, Control.allowedChunks, a, 20).value;
      }
      if (Atomics.load(control, Control.stop) === 1) return;
      const first = chunk * task.chunkSlots;
      const count = Math.min(task.chunkSlots, total - first);
      const writer = new BatchWriter(count * 512, true);
      for (let i = 0; i < count; i++) {
        const r = pipeline.next(max ? Date.now() : (startMs[0] ?? 0) + scheduledAt(task.schedule, first + i) * 1000);
        if (!r) return;
        appendRecord(writer, r);
      }
      sender.accept({ kind: 'batch', worker: task.worker, chunk, firstSlot: first, count, buffer: writer.finish() });
      await new Promise((resolve) => setImmediate(resolve)); // let the sender and delivery reports run
    }
  };
  const stopWatch = setInterval(() => {
    if (Atomics.load(control, Control.stop) === 1) sender.stop();
  }, 20);
  const generating = generate();
  // This thread's share of the slots; for an unbounded (max) run the stop flag ends it.
  let myTotal = 0;
  for (let chunk = task.worker; chunk * task.chunkSlots < total && myTotal !== Infinity; chunk += task.workers) {
    myTotal += Math.min(task.chunkSlots, total - chunk * task.chunkSlots);
    if (total === Infinity) myTotal = Infinity;
  }
  await sender.run(myTotal);
  clearInterval(stopWatch);
  await generating;
  const deadline = Date.now() + 35_000;
  while (accounting.inFlight > 0 && Date.now() < deadline) await producer.flush(500);
  accounting.abandonInFlight('not delivered before shutdown');
  await producer.disconnect();
  const histograms: Record<string, string[]> = {};
  for (const metric of METRICS) histograms[metric] = [...latency.topics(metric).values()].map(encode);
  return { produced: accounting.produced, acked: accounting.acked, failed: accounting.failed, perSecond: accounting.perSecond, histograms };
}
