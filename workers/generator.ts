// A generator thread: one long-lived Piscina task that simulates, validates, serialises and encodes the
// chunks assigned to this worker, as fast as the coordinator's budget allows, and hands them to the main
// thread's sender (the node-rdkafka producer design, `--producer rdkafka`). It never touches Kafka and never
// blocks: it waits with Atomics.waitAsync.
import { generateChunk, purchaseBoostOption, generationOptions, warmUp } from '../src/engine/chunks.js';
import { GenerationPipeline } from '../src/events/pipeline.js';
import { totalSlots } from '../src/engine/pacer.js';
import { Control, type BatchMessage, type EndMessage, type GeneratorReport, type GeneratorTask, type ReadyMessage } from '../src/engine/protocol.js';

export default async function generate(task: GeneratorTask): Promise<GeneratorReport> {
  const control = new Int32Array(task.control, 0, Control.cells);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  const generation = generationOptions(task, task.worker, task.workers);
  const pipeline = new GenerationPipeline({ ...generation, injectInvalid: task.injectInvalid, ...purchaseBoostOption(task.spikes, () => startMs[0] ?? 0) });
  const total = totalSlots(task.schedule);
  warmUp(generation);
  task.port.postMessage({ kind: 'ready', worker: task.worker } satisfies ReadyMessage);
  let chunks = 0;
  let events = 0;
  try {
    for (let chunk = task.worker; ; chunk += task.workers) {
      const firstSlot = chunk * task.chunkSlots;
      if (firstSlot >= total) break;
      // Wait for budget; wake at least once a second to notice a stop.
      for (let allowed = Atomics.load(control, Control.allowedChunks); allowed <= chunk; allowed = Atomics.load(control, Control.allowedChunks)) {
        if (Atomics.load(control, Control.stop) === 1) return report();
        await Atomics.waitAsync(control, Control.allowedChunks, allowed, 1000).value;
      }
      if (Atomics.load(control, Control.stop) === 1) break;
      const count = Math.min(task.chunkSlots, total - firstSlot);
      const buffer = generateChunk(pipeline, { schedule: task.schedule, startMs: startMs[0] ?? 0, firstSlot, count });
      const message: BatchMessage = { kind: 'batch', worker: task.worker, chunk, firstSlot, count, buffer };
      task.port.postMessage(message, [buffer]);
      chunks++;
      events += count;
    }
    return report();
  } finally {
    task.port.postMessage({ kind: 'end', worker: task.worker } satisfies EndMessage);
  }

  function report(): GeneratorReport {
    return { worker: task.worker, chunks, events, invalid: [...pipeline.invalid], injected: [...pipeline.injected] };
  }
}
