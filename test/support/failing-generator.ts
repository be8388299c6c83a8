// A generator thread that fails mid-run: it says it is ready, sends one chunk of `chunkSlots` records once
// the budget allows it, then throws, as a bug in the generation path would.
import { BatchWriter } from '../../src/events/batch.js';
import { Control, type GeneratorTask } from '../../src/engine/protocol.js';

export default async function generate(task: GeneratorTask): Promise<never> {
  const control = new Int32Array(task.control);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  task.port.postMessage({ kind: 'ready', worker: task.worker });
  while (Atomics.load(control, Control.allowedChunks) <= task.worker) await Atomics.waitAsync(control, Control.allowedChunks, 0, 1000).value;
  const writer = new BatchWriter(4096, true);
  for (let i = 0; i < task.chunkSlots; i++) writer.append(0, 0, (startMs[0] ?? 0) + i, `k${i}`, `{"i":${i}}`);
  const buffer = writer.finish();
  task.port.postMessage({ kind: 'batch', worker: task.worker, chunk: task.worker, firstSlot: 0, count: task.chunkSlots, buffer }, [buffer]);
  task.port.postMessage({ kind: 'end', worker: task.worker });
  throw new Error('simulated generator bug');
}
