// A generator thread: one long-lived Piscina task that simulates, validates, serialises and encodes the
// chunks assigned to this worker, as fast as the coordinator's budget allows. It never touches Kafka
// (node-rdkafka can only live on the main thread) and never blocks: it waits with Atomics.waitAsync.
import { BatchWriter } from '../src/events/batch.js';
import { GenerationPipeline, appendRecord } from '../src/events/pipeline.js';
import { loadSchemaRegistry } from '../src/events/schema-registry.js';
import { scheduledAt, totalSlots } from '../src/engine/pacer.js';
import { Control, type BatchMessage, type EndMessage, type GeneratorReport, type GeneratorTask, type ReadyMessage } from '../src/engine/protocol.js';

/**
 * Runs the generation path on a throwaway stream before the clock starts, so the first seconds of a run are
 * not spent compiling (cold, the first second of a 50,000 events/s run was hundreds of ms late).
 */
function warmUp(task: GeneratorTask, registry: ReturnType<typeof loadSchemaRegistry>): void {
  // Few open sessions: enough to exercise every path, without a second full set of state lingering in memory.
  const scenario = { ...task.scenario, sessions: { ...task.scenario.sessions, concurrency: 100 } };
  const pipeline = new GenerationPipeline({ seed: task.seed ^ 0xffff, stream: task.worker, streams: task.workers, scenario, registry });
  const writer = new BatchWriter(1 << 20, true);
  const t = Date.now();
  for (let i = 0; i < 5_000; i++) {
    const record = pipeline.next(t + i);
    if (record) appendRecord(writer, record);
  }
}

export default async function generate(task: GeneratorTask): Promise<GeneratorReport> {
  const registry = loadSchemaRegistry(task.schemasDir);
  const pipeline = new GenerationPipeline({
    seed: task.seed,
    stream: task.worker,
    streams: task.workers,
    scenario: task.scenario,
    registry,
    injectInvalid: task.injectInvalid,
  });
  const control = new Int32Array(task.control);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  const total = totalSlots(task.schedule);
  warmUp(task, registry);
  task.port.postMessage({ kind: 'ready', worker: task.worker } satisfies ReadyMessage);
  const max = task.schedule.rate === Infinity;
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
      const writer = new BatchWriter(count * 512, true);
      for (let i = 0; i < count; i++) {
        // --rate max has no schedule: an event's time is when it is generated.
        const timeMs = max ? Date.now() : (startMs[0] ?? 0) + scheduledAt(task.schedule, firstSlot + i) * 1000;
        const record = pipeline.next(timeMs);
        if (!record) throw new Error('an unbounded generator stream ended');
        appendRecord(writer, record);
      }
      const buffer = writer.finish();
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
