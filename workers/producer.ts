// A producer thread (`--producer native`): one long-lived Piscina task that generates its chunks (chunks w,
// w + W, ... as the generator threads do) and produces them itself through the project's native addon:
// a whole chunk per call, records sent when their intended time comes, delivery reports served in aggregate
// by this thread. Nothing per event crosses to the main thread: it gets a tick about once a second
// (src/engine/thread-tally.ts) and this thread's results at the end.
//
// The loop is synchronous between chunks: while a record is not yet due, the thread waits inside
// produceChunk() or poll() (to the microsecond, serving delivery reports the moment they arrive, so acks are
// timed promptly), or generates a slice of its next chunk; while librdkafka's queue is full it waits in
// poll(). It yields to the event loop once per chunk and while waiting for budget.
import { ProducerSpans } from '../src/engine/trace-spans.js';
import { summarizeStats } from '../src/engine/client-stats.js';
import { ChunkBuilder, type ChunkSpec, purchaseBoostOption, generationOptions, warmUp } from '../src/engine/chunks.js';
import { BatchWriter } from '../src/events/batch.js';
import { GenerationPipeline } from '../src/events/pipeline.js';
import { SHUTDOWN_REASON, stallLimitMs, stallReason } from '../src/engine/delivery-deadlines.js';
import { METRICS } from '../src/engine/histograms.js';
import { totalSlots } from '../src/engine/pacer.js';
import { Control, type FailedMessage, type ProducerReport, type ProducerTask, type ReadyMessage } from '../src/engine/protocol.js';
import { describe, isLoadgenError } from '../src/errors.js';
import { systemClock } from '../src/engine/clock.js';
import { ThreadTally, warmUpTally } from '../src/engine/thread-tally.js';
import { threadTimeline } from '../src/engine/segments.js';
import { CHUNK_START, NativeProducer } from '../src/kafka/native-producer.js';

/** Ticks to the coordinator this often (thread clock). */
const TICK_MS = 1000;
/** The longest a wait in poll() blocks before the thread looks at its control cells again. */
const MAX_WAIT_MS = 5;
/**
 * While the next chunk is being generated: a produceChunk() call waits for records due within this horizon,
 * and between calls the thread generates this many records (about 0.2 ms of work), so a record that comes
 * due during a slice is sent at most about that late.
 */
const SLICE_WAIT_US = 200;
const SLICE_RECORDS = 32;

const nowUs = () => systemClock.nowUs();
const yieldToLoop = () => systemClock.sleep(0);

export default async function produce(task: ProducerTask): Promise<ProducerReport> {
  const control = new Int32Array(task.control, 0, Control.cells);
  const startMs = new Float64Array(task.control, Control.startMsOffset, 1);
  // This thread's stream: its producer id, and its chunks are stream, stream + streams, ...
  const stream = task.stream ?? task.worker;
  const streams = task.streams ?? task.workers;
  const generation = generationOptions(task, stream, streams);
  const pipeline = new GenerationPipeline({ ...generation, injectInvalid: task.injectInvalid, ...purchaseBoostOption(task.spikes, () => startMs[0] ?? 0) });
  // One producer, or one per distinct set of phase properties, all connected before the start (a producer
  // made at a phase's start would hold its first records back while it connects and gets its producer id).
  const plans = task.phaseProducers ?? [{ firstSlot: 0, properties: task.properties }];
  const keys = plans.map((p) => JSON.stringify(p.properties));
  const distinct = [...new Set(keys)];
  const producers = distinct.map((key) => new NativeProducer({ brokers: task.brokers, properties: JSON.parse(key) as Record<string, string>, topics: task.topics }));
  const producerOfSlot = (slot: number): NativeProducer => {
    let phase = plans.length - 1;
    while (phase > 0 && (plans[phase]?.firstSlot ?? 0) > slot) phase--;
    return producers[distinct.indexOf(keys[phase] as string)] as NativeProducer;
  };
  let producer = producers[0] as NativeProducer;
  try {
    for (const p of producers) p.connect(task.connectTimeoutMs);
    warmUp(generation);
    const empty = new BatchWriter(64).finish();
    const emptyStamp = { runId: task.runId, producerId: stream, slotBase: 0, max: false };
    warmUpTally({ poll: () => producer.poll(0), produce: () => producer.produceChunk(empty, CHUNK_START, emptyStamp) }, task.topics, threadTimeline({ ...task, stream, streams }));
    task.port.postMessage({ kind: 'ready', worker: task.worker } satisfies ReadyMessage);
    const stopped = () => Atomics.load(control, Control.stop) === 1;
    const aborted = () => Atomics.load(control, Control.abort) === 1;

    // The coordinator writes the start before it first raises the budget.
    while (Atomics.load(control, Control.allowedChunks) === 0 && !stopped()) await Atomics.waitAsync(control, Control.allowedChunks, 0, 1000).value;
    // The latest librdkafka statistics, summarised here (not on the main thread) once a tick.
    const clientStats = () => {
      const json = producer.takeStats();
      try {
        return json === null ? null : summarizeStats(json);
      } catch {
        return null; // not JSON: librdkafka's own output, never a reason to stop a run
      }
    };
    const spans = new ProducerSpans();
    const startUs = (startMs[0] ?? 0) * 1000;
    const tally = new ThreadTally(task.worker, task.topics, startUs, threadTimeline({ ...task, stream, streams }));
    let nextTickUs = nowUs() + TICK_MS * 1000;
    let ticksPosted = 0;
    const inFlight = new Int32Array(task.inFlight);
    const serve = (timeoutMs: number, relabel?: string) => {
      const result = producer.poll(timeoutMs);
      tally.polled(result, relabel);
      spans.settle(result);
      Atomics.store(inFlight, task.worker, result.inFlight);
      if (result.fatal) throw new Error(`librdkafka fatal error: ${result.fatal}`);
      if (nowUs() >= nextTickUs) {
        task.port.postMessage(tally.tick(clientStats(), spans.take()));
        ticksPosted++;
        nextTickUs += TICK_MS * 1000;
      }
    };

    const max = task.schedule.kind === 'max';
    const total = totalSlots(task.schedule);
    const specOf = (chunk: number): ChunkSpec => {
      const firstSlot = chunk * task.chunkSlots;
      return { schedule: task.schedule, startMs: startMs[0] ?? 0, firstSlot, count: Math.min(task.chunkSlots, total - firstSlot), traceSample: task.traceSample };
    };
    const allowed = (chunk: number) => Atomics.load(control, Control.allowedChunks) > chunk;
    let chunks = 0;
    let events = 0;
    // This thread's own slot sequence (its producer id's), contiguous, so a gap is a lost record.
    let slotBase = 0;
    // The thread's next chunk, generated a slice at a time in the gaps between the current chunk's send
    // times, so that generating it never holds back a record that comes due meanwhile.
    let next: ChunkBuilder | null = null;
    // Batches whose every record was consumed (librdkafka copies each record it queues), written over by a
    // later chunk: a fresh 1 MB ArrayBuffer per chunk cost calloc's zeroing and, as external memory, pushed
    // V8 into collections of its own.
    const spare: ArrayBuffer[] = [];
    // A phase with a producer of its own starts at its first chunk: the previous producer drains first, so
    // each partition's records stay in order (its first records wait that long: their publish delay).
    const switchTo = async (phaseProducer: NativeProducer) => {
      const deadlineUs = nowUs() + stallLimitMs(task.properties) * 1000;
      while (producer.inFlight > 0 && nowUs() < deadlineUs && !aborted()) {
        serve(MAX_WAIT_MS);
        await yieldToLoop();
      }
      producer = phaseProducer;
    };
    sending: for (let chunk = stream; chunk * task.chunkSlots < total; chunk += streams) {
      const chunkProducer = producerOfSlot(chunk * task.chunkSlots);
      if (chunkProducer !== producer) await switchTo(chunkProducer);
      while (!allowed(chunk)) {
        if (stopped()) break sending;
        serve(MAX_WAIT_MS);
        await yieldToLoop();
      }
      if (stopped()) break;
      const builder = next?.spec.firstSlot === chunk * task.chunkSlots ? next : new ChunkBuilder(pipeline, specOf(chunk), spare.pop());
      next = null;
      const batch = builder.finish();
      const count = builder.spec.count;
      const following = chunk + streams;
      chunks++;
      // Sampled records go out with their traceparent header, and are tracked until acked for their spans.
      const stamp = { runId: task.runId, producerId: stream, slotBase, max, ...(builder.sampled.length > 0 ? { traces: builder.sampled.map((s) => [s.record, s.traceparent] as const) } : {}) };
      spans.track(slotBase, builder.sampled, max);
      for (let from = CHUNK_START; ; ) {
        if (stopped()) break sending;
        const building = !max && following * task.chunkSlots < total && !(next?.done ?? false) && allowed(following);
        // Records due within the horizon are waited for inside the call (to the microsecond, serving acks);
        // while the next chunk has records left to generate, the horizon is short, and the gaps go to that.
        const waitUntilUs = max ? 0 : nowUs() + (building ? SLICE_WAIT_US : MAX_WAIT_MS * 1000);
        const result = producer.produceChunk(batch, from, stamp, 0, waitUntilUs);
        tally.produced(result, slotBase + from.record, nowUs());
        events += result.topic.length;
        if (result.status === 'done') break;
        from = result.next;
        if (result.status === 'not_due' && result.dueUs !== null) {
          if (building) {
            next ??= new ChunkBuilder(pipeline, specOf(following), spare.pop());
            next.step(SLICE_RECORDS);
            serve(0);
          } else {
            serve(Math.min((result.dueUs - nowUs()) / 1000, MAX_WAIT_MS));
          }
        } else {
          serve(result.status === 'queue_full' ? 1 : 0);
        }
      }
      serve(0);
      if (spare.length < 2) spare.push(batch);
      slotBase += count;
      Atomics.add(control, Control.chunksSent, 1);
      await yieldToLoop();
    }

    // Drain: librdkafka settles every queued record within message.timeout.ms (acked or failed); the
    // coordinator's abort (a stalled cluster) ends the wait at once. Every producer (a phase's may have
    // records left if its drain was cut short).
    for (const each of producers) {
      producer = each;
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
    }
    const histograms = Object.fromEntries(METRICS.map((metric) => [metric, tally.latency.encodedTopics(metric)]));
    spans.finish();
    const finalTick = tally.tick(null, spans.take());
    return {
      worker: task.worker, producerId: stream, chunks, events, invalid: [...pipeline.invalid], injected: [...pipeline.injected],
      histograms, segments: tally.latency.encodedSegments(), ackedSlots: tally.ackedSlots.encode(), finalTick, ticksPosted,
    };
  } catch (err) {
    const failed: FailedMessage = { kind: 'failed', worker: task.worker, message: describe(err), exitCode: isLoadgenError(err) ? err.exitCode : 1 };
    task.port.postMessage(failed);
    throw err;
  } finally {
    for (const each of producers) each.close();
  }
}
