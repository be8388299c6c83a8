// A measuring-consumer thread: one long-lived Piscina task that reads its share of the run's partitions
// through the project's native addon (src/kafka/native-consumer.ts): a batch per call, the `lg` stamps
// parsed, latencies computed and integrity kept natively. JavaScript here only records each batch's
// latency arrays into HdrHistograms. Nothing per record crosses to the coordinator: it gets one interval
// message per second (the .hlog lines) and this thread's results at the end.
import { CONSUMER_TALLY_CELLS, ConsumerControl, type ConsumerFailedMessage, type ConsumerIntervalMessage, type ConsumerReadyMessage, type ConsumerTask, type ConsumerThreadReport, type ConsumerTracedMessage, type TracedReceipt } from '../src/engine/protocol.js';
import { CONSUMER_METRICS, LatencyRecorder, encode } from '../src/engine/histograms.js';
import { encodeSlotSets } from '../src/engine/slot-set.js';
import { SegmentedRecords } from '../src/engine/segmented-records.js';
import { describe, isLoadgenError } from '../src/errors.js';
import { NativeConsumer } from '../src/kafka/native-consumer.js';

/** Records one poll() hands over at most. */
const MAX_MESSAGES = 10_000;
/**
 * The longest a poll() waits when nothing arrives: how late the thread notices a stop or a new second.
 * A record that arrives ends the wait at once, so it adds no latency.
 */
const POLL_WAIT_MS = 20;
/** How often the thread lets its event loop run (nothing depends on it but termination). */
const YIELD_EVERY_MS = 100;

export default async function consume(task: ConsumerTask): Promise<ConsumerThreadReport> {
  const control = new Int32Array(task.control, 0, ConsumerControl.cells);
  const baseMs = new Float64Array(task.control, ConsumerControl.baseMsOffset, 1);
  const positions = new Float64Array(task.positions);
  const highs = new Float64Array(task.highs);
  const read = new Float64Array(task.messages);
  const tally = new Float64Array(task.tally, task.thread * CONSUMER_TALLY_CELLS * 8, CONSUMER_TALLY_CELLS);
  const slotOf = new Map(task.assignments.map((a, i) => [`${a.topicIndex}/${a.partition}`, task.slots[i] as number]));
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  const resets: ConsumerThreadReport['resets'][number][] = [];
  let messages = 0;
  const consumer = new NativeConsumer({ brokers: task.brokers, properties: task.properties, topics: task.topics, runId: task.runId });
  try {
    consumer.connect(task.connectTimeoutMs);
    consumer.assign(task.assignments);
    task.port.postMessage({ kind: 'consumer-ready', thread: task.thread } satisfies ConsumerReadyMessage);

    // The open interval: whole seconds after the base, by receive time. Before the base is known nothing
    // is logged (what arrives then is still in the whole-run histograms).
    let base = 0;
    let second = 0;
    const take = () => ({ e2e: encode(latency.takeInterval('e2e')), e2e_uncorrected: encode(latency.takeInterval('e2e_uncorrected')) });
    const closeIntervals = (nowUs: number) => {
      const b = baseMs[0] ?? 0;
      if (b !== base) {
        base = b;
        latency.takeInterval('e2e');
        latency.takeInterval('e2e_uncorrected');
        second = Math.max(0, Math.floor((nowUs / 1000 - base) / 1000));
        return;
      }
      if (base === 0) return;
      const current = Math.floor((nowUs / 1000 - base) / 1000);
      for (; second < current; second++) task.port.postMessage({ kind: 'consumer-interval', thread: task.thread, second, ...take() } satisfies ConsumerIntervalMessage);
      if (traced.length > 0 && nowUs >= nextTracedUs) {
        task.port.postMessage({ kind: 'consumer-traced', thread: task.thread, records: traced.splice(0) } satisfies ConsumerTracedMessage);
        nextTracedUs = nowUs + 1e6;
      }
    };
    // Sampled records (--trace-sample) received, sent on to the coordinator about once a second.
    const traced: TracedReceipt[] = [];
    let nextTracedUs = 0;
    const storePositions = () => {
      for (const p of consumer.positions()) {
        const slot = slotOf.get(`${p.topicIndex}/${p.partition}`);
        if (slot !== undefined && p.offset >= 0) positions[slot] = p.offset;
        if (slot !== undefined) highs[slot] = p.high;
      }
    };

    let yieldAt = Date.now() + YIELD_EVERY_MS;
    const segmented = new SegmentedRecords(latency, task.timeline, () => baseMs[0] ?? 0);
    let paused = false;
    while (Atomics.load(control, ConsumerControl.stop) === 0) {
      // A phase that pauses the consumer: fetch nothing until it ends (the seconds still close, empty).
      const pause = Atomics.load(control, ConsumerControl.paused) === 1;
      if (pause !== paused) consumer.pause((paused = pause));
      if (paused) {
        closeIntervals(Date.now() * 1000);
        await Atomics.waitAsync(control, ConsumerControl.paused, 1, POLL_WAIT_MS).value;
        continue;
      }
      const r = consumer.poll(MAX_MESSAGES, POLL_WAIT_MS);
      if (r.fatal) throw new Error(`librdkafka fatal error: ${r.fatal}`);
      for (const t of r.traced) traced.push({ ...t, receivedUs: r.receivedUs });
      closeIntervals(r.receivedUs);
      if (r.messages > 0) {
        messages += r.messages;
        read[task.thread] = messages;
        tally[0] = (tally[0] ?? 0) + r.counts.received;
        tally[1] = (tally[1] ?? 0) + r.counts.duplicates;
        tally[2] = (tally[2] ?? 0) + r.counts.out_of_order;
        const { topic, e2eUs, e2eUncorrectedUs } = r;
        for (let i = 0; i < topic.length; i++) {
          const name = task.topics[topic[i] as number] ?? `topic-${topic[i]}`;
          // A record's intended time is its receive time less its corrected latency: that gives its segment.
          segmented.record(name, e2eUs[i] as number, e2eUncorrectedUs[i] as number, r.receivedUs - (e2eUs[i] as number));
        }
        storePositions();
      }
      for (const reset of r.resets) {
        resets.push({ topic: task.topics[reset.topicIndex] ?? `topic-${reset.topicIndex}`, partition: reset.partition, offset: reset.offset, resumedAt: reset.resumedAt, skipped: reset.skipped });
      }
      if (Date.now() >= yieldAt) {
        await new Promise((resolve) => setImmediate(resolve));
        yieldAt = Date.now() + YIELD_EVERY_MS;
      }
    }
    segmented.flush();
    storePositions();
    closeIntervals(Date.now() * 1000);
    const counts = consumer.counts();
    return {
      thread: task.thread,
      runId: consumer.runId,
      messages,
      counts: { received: counts.received, duplicates: counts.duplicates, out_of_order: counts.out_of_order, foreign: counts.foreign, unstamped: counts.unstamped },
      negative: latency.negative,
      receivedSlots: encodeSlotSets(consumer.slotSets()),
      histograms: latency.encodedMetrics(),
      segments: latency.encodedSegments(),
      last: base === 0 ? null : { second, ...take() },
      resets,
      traced,
    };
  } catch (err) {
    const failed: ConsumerFailedMessage = { kind: 'consumer-failed', thread: task.thread, message: describe(err), exitCode: isLoadgenError(err) ? err.exitCode : 1 };
    task.port.postMessage(failed);
    throw err;
  } finally {
    consumer.close();
  }
}
