// A stand-in producer thread for the coordinator's tests (src/run/native-run.ts): it follows the
// protocol of workers/producer.ts (ready, a tick per chunk, chunksSent, the final report) without Kafka.
// task.properties['fake.acks']:
//   all      every record is acked as soon as it is "sent"
//   none     no record is ever reported: only the coordinator's abort ends the thread, which then counts
//            what is in flight as failed, as the real thread does
//   refuse   the thread fails before it is ready with a loadgen error (an unreachable cluster)
//   crash    thread 0 acks everything; thread 1 sends two chunks that are never acked, then fails (a fatal
//            librdkafka error), after telling the coordinator why
import { stallReason } from '../../src/engine/delivery-deadlines.js';
import { encode, newHistogram } from '../../src/engine/histograms.js';
import { Control, type FailedMessage, type ProducerReport, type ProducerTask } from '../../src/engine/protocol.js';
import { SlotSet } from '../../src/engine/slot-set.js';
import type { TickMessage } from '../../src/engine/thread-tally.js';

const EMPTY = encode(newHistogram());

export default async function fakeProduce(task: ProducerTask): Promise<ProducerReport> {
  const mode = task.properties['fake.acks'];
  if (mode === 'refuse') {
    task.port.postMessage({ kind: 'failed', worker: task.worker, message: 'cannot reach Kafka at fake:9092 within 10 ms (refused)', exitCode: 1 } satisfies FailedMessage);
    throw new Error('refused');
  }
  const control = new Int32Array(task.control, 0, Control.cells);
  task.port.postMessage({ kind: 'ready', worker: task.worker });
  const slots = new SlotSet();
  let produced = 0;
  let acked = 0;
  let ticksPosted = 0;
  const tick = (delta: { produced: number; acked: number; failed: number }, failures: [string, number][] = []): TickMessage => ({
    kind: 'tick', worker: task.worker, topics: [{ ...delta, bytes: 0 }], failures, perSecond: delta.acked ? [[0, delta.acked]] : [],
    sentPerSecond: delta.produced ? [[0, delta.produced]] : [],
    intervals: { publish_delay: EMPTY, ack: EMPTY, ack_uncorrected: EMPTY }, inFlight: produced - acked, queueFull: 0, clusterError: null,
  });
  const total = task.schedule.count;
  sending: for (let chunk = task.worker; chunk * task.chunkSlots < total; chunk += task.workers) {
    while (Atomics.load(control, Control.allowedChunks) <= chunk) {
      if (Atomics.load(control, Control.stop) === 1) break sending;
      await Atomics.waitAsync(control, Control.allowedChunks, Atomics.load(control, Control.allowedChunks), 20).value;
    }
    if (Atomics.load(control, Control.stop) === 1) break;
    const count = Math.min(task.chunkSlots, total - chunk * task.chunkSlots);
    const acks = mode === 'all' || (mode === 'crash' && task.worker === 0);
    if (mode === 'crash' && task.worker === 1 && produced === 2 * task.chunkSlots) {
      task.port.postMessage({ kind: 'failed', worker: 1, message: 'librdkafka fatal error: simulated', exitCode: 1 } satisfies FailedMessage);
      throw new Error('librdkafka fatal error: simulated');
    }
    for (let i = 0; i < count; i++) if (acks) slots.add(produced + i);
    produced += count;
    const ackedNow = acks ? count : 0;
    acked += ackedNow;
    Atomics.store(new Int32Array(task.inFlight), task.worker, produced - acked);
    task.port.postMessage(tick({ produced: count, acked: ackedNow, failed: 0 }));
    ticksPosted++;
    Atomics.add(control, Control.chunksSent, 1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  let final = tick({ produced: 0, acked: 0, failed: 0 });
  if (produced > acked) {
    // As the real thread: wait for the reports until the coordinator aborts (bounded, in real time).
    for (let waited = 0; Atomics.load(control, Control.abort) === 0 && waited < 30_000; waited += 20) await Atomics.waitAsync(control, Control.abort, 0, 20).value;
    const failed = produced - acked;
    acked = produced; // nothing is in flight any more
    final = tick({ produced: 0, acked: 0, failed }, [[stallReason(task.properties), failed]]);
  }
  return {
    worker: task.worker, chunks: 0, events: produced, invalid: [], injected: [], histograms: {}, segments: {}, ackedSlots: slots.encode(), finalTick: final, ticksPosted,
  };
}
