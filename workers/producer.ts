// A producer thread (`--producer native`): one long-lived Piscina task that generates its chunks (chunks w,
// w + W, ... as the generator threads do) and produces them itself through the project's native addon:
// a whole chunk per call, records sent when their intended time comes, delivery reports served in aggregate
// by this thread. Nothing per event crosses to the main thread: it gets a tick about once a second
// (src/engine/thread-tally.ts) and this thread's results at the end.
//
// The loop is synchronous between chunks: while a record is not yet due, or librdkafka's queue is full, the
// thread waits in poll(), which serves delivery reports the moment they arrive (so acks are timed
// promptly). It yields to the event loop once per chunk and while waiting for budget.
import { generateChunk, warmUp } from '../src/events/chunks.js';
import { GenerationPipeline } from '../src/events/pipeline.js';
import { loadSchemaRegistry } from '../src/events/schema-registry.js';
import { SHUTDOWN_REASON, stallLimitMs, stallReason } from '../src/engine/delivery-deadlines.js';
import { METRICS } from '../src/engine/histograms.js';
import { totalSlots } from '../src/engine/pacer.js';
import { Control, type FailedMessage, type ProducerReport, type ProducerTask, type ReadyMessage } from '../src/engine/protocol.js';
import { describe, isLoadgenError } from '../src/errors.js';
import { systemClock } from '../src/engine/sender.js';
import { ThreadTally } from '../src/engine/thread-tally.js';
import { CHUNK_START, NativeProducer } from '../src/kafka/native-producer.js';

/** Ticks to the coordinator this often (thread clock). */
const TICK_MS = 1000;
/** The longest a wait in poll() blocks before the thread looks at its control cells again. */
const MAX_WAIT_MS = 5;

const nowUs = () => systemClock.nowUs();
const yieldToLoop = () => systemClock.sleep(0);

export default async function produce(task: ProducerTask): Promise<ProducerReport> {
  const registry = loadSchemaRegistry(task.schemasDir);
  const pipeline = new GenerationPipeline({
    seed: task.seed, stream: task.worker, streams: task.workers, scenario: task.scenario, registry, injectInvalid: task.injectInvalid,
  });
  const control = new Int32Array(task.control, 0, Control.cells);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  const producer = new NativeProducer({ brokers: task.brokers, properties: task.properties, topics: task.topics });
  try {
    producer.connect(task.connectTimeoutMs);
    warmUp(task.seed, task.worker, task.workers, task.scenario, registry);
    task.port.postMessage({ kind: 'ready', worker: task.worker } satisfies ReadyMessage);
    const stopped = () => Atomics.load(control, Control.stop) === 1;
    const aborted = () => Atomics.load(control, Control.abort) === 1;

    // The coordinator writes the start before it first raises the budget.
    while (Atomics.load(control, Control.allowedChunks) === 0 && !stopped()) await Atomics.waitAsync(control, Control.allowedChunks, 0, 1000).value;
    const tally = new ThreadTally(task.worker, task.topics, (startMs[0] ?? 0) * 1000);
    let nextTickUs = nowUs() + TICK_MS * 1000;
    let ticksPosted = 0;
    const inFlight = new Int32Array(task.inFlight);
    const serve = (timeoutMs: number, relabel?: string) => {
      const result = producer.poll(timeoutMs);
      tally.polled(result, relabel);
      Atomics.store(inFlight, task.worker, result.inFlight);
      if (result.fatal) throw new Error(`librdkafka fatal error: ${result.fatal}`);
      if (nowUs() >= nextTickUs) {
        task.port.postMessage(tally.tick());
        ticksPosted++;
        nextTickUs += TICK_MS * 1000;
      }
    };

    const max = task.schedule.rate === Infinity;
    const total = totalSlots(task.schedule);
    let chunks = 0;
    let events = 0;
    // This thread's own slot sequence (its producer id's), contiguous, so a gap is a lost record.
    let slotBase = 0;
    sending: for (let chunk = task.worker; chunk * task.chunkSlots < total; chunk += task.workers) {
      while (Atomics.load(control, Control.allowedChunks) <= chunk) {
        if (stopped()) break sending;
        serve(MAX_WAIT_MS);
        await yieldToLoop();
      }
      if (stopped()) break;
      const firstSlot = chunk * task.chunkSlots;
      const count = Math.min(task.chunkSlots, total - firstSlot);
      const batch = generateChunk(pipeline, { schedule: task.schedule, startMs: startMs[0] ?? 0, firstSlot, count });
      chunks++;
      for (let from = CHUNK_START; ; ) {
        if (stopped()) break sending;
        const result = producer.produceChunk(batch, from, { runId: task.runId, producerId: task.worker, slotBase, max });
        tally.produced(result);
        events += result.topic.length;
        if (result.status === 'done') break;
        from = result.next;
        if (result.status === 'not_due' && result.dueUs !== null) {
          // Wait in poll() (serving acks) until the record is due; under a millisecond, poll without blocking.
          const waitMs = (result.dueUs - nowUs()) / 1000;
          serve(waitMs >= 1 ? Math.min(Math.floor(waitMs), MAX_WAIT_MS) : 0);
        } else {
          serve(result.status === 'queue_full' ? 1 : 0);
        }
      }
      serve(0);
      slotBase += count;
      Atomics.add(control, Control.chunksSent, 1);
      await yieldToLoop();
    }

    // Drain: librdkafka settles every queued record within message.timeout.ms (acked or failed); the
    // coordinator's abort (a stalled cluster) ends the wait at once.
    const deadlineUs = nowUs() + stallLimitMs(task.properties) * 1000;
    while (producer.inFlight > 0 && nowUs() < deadlineUs && !aborted()) {
      serve(20);
      await yieldToLoop();
    }
    if (producer.inFlight > 0) {
      // What is left will never be reported in time: purge it, and count it failed under the run's reason.
      const reason = aborted() ? stallReason(task.properties) : SHUTDOWN_REASON;
      producer.purge();
      const purgeDeadlineUs = nowUs() + 5_000_000;
      while (producer.inFlight > 0 && nowUs() < purgeDeadlineUs) serve(20, reason);
      tally.abandon(producer.inFlight, reason);
    }
    const histograms = Object.fromEntries(METRICS.map((metric) => [metric, tally.latency.encodedTopics(metric)]));
    return {
      worker: task.worker, chunks, events, invalid: [...pipeline.invalid], injected: [...pipeline.injected],
      histograms, ackedSlots: tally.ackedSlots.toBase64(), finalTick: tally.tick(), ticksPosted,
    };
  } catch (err) {
    const failed: FailedMessage = { kind: 'failed', worker: task.worker, message: describe(err), exitCode: isLoadgenError(err) ? err.exitCode : 1 };
    task.port.postMessage(failed);
    throw err;
  } finally {
    producer.close();
  }
}
