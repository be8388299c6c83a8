// The measuring consumer as consumer threads (workers/consumer.ts) over the native addon: each thread reads
// a share of the run's partitions and does per record, natively, what rdkafka-measure.ts does in
// JavaScript; this coordinator only assigns partitions, learns the end offsets, watches the threads'
// positions, merges their one-second intervals into the .hlog logs as they complete, and merges their
// results at the end (histograms as compressed encodings, received slots as bitmaps).
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { errors } from '../errors.js';
import { CONSUMER_METRICS, LatencyRecorder, addEncoded, newHistogram, type Histogram } from '../engine/histograms.js';
import { IntervalLog } from '../engine/interval-log.js';
import { CONSUMER_TALLY_CELLS, ConsumerControl, YOUNG_GENERATION_MB, type ConsumerMessage, type ConsumerTask, type ConsumerThreadReport } from '../engine/protocol.js';
import { type SlotSet, decodeSlotSets } from '../engine/slot-set.js';
import { NativeConsumer, OFFSET_BEGINNING } from '../kafka/native-consumer.js';
import type { IntegrityCounts, IntegrityView } from './integrity.js';
import { inShare, pausedAtStart, schedulePauses, type MeasureOptions, type MeasureResult, type Measurement } from './measurement.js';

const CONSUMER = fileURLToPath(new URL('../../workers/consumer.js', import.meta.url));

interface Partition {
  readonly topicIndex: number;
  readonly partition: number;
}

/** One second's intervals as the threads report them: complete once every thread has. */
interface PendingSecond {
  reported: number;
  readonly e2e: Histogram;
  readonly e2e_uncorrected: Histogram;
}

/**
 * How long an instance's consumer (reading a share of a scaled-out run's partitions) reads on after its own
 * producers finished, until its partitions' ends have not moved for this long: the other instances end at
 * the same scheduled time, a little sooner or later.
 */
export const SHARE_QUIET_MS = 3000;
const QUIET_CHECK_MS = 500;

export async function startNativeMeasure(options: MeasureOptions): Promise<Measurement> {
  const { clock } = options;
  const properties = { 'socket.timeout.ms': String(Math.max(options.timeoutMs, 1000)), ...options.properties };
  // The coordinator's own client: metadata and end offsets only (it reads no records).
  const probe = new NativeConsumer({ brokers: options.brokers, properties, topics: options.topics, runId: options.runId });
  const partitions: Partition[] = [];
  let starts: number[];
  let firsts: number[];
  try {
    const counts = probe.connect(options.timeoutMs);
    let k = 0;
    counts.forEach((n, topicIndex) => {
      for (let partition = 0; partition < n; partition++) if (inShare(options.share, k++)) partitions.push({ topicIndex, partition });
    });
    const marks = watermarks(probe, partitions, options.timeoutMs);
    starts = options.from === 'now' ? marks.map((m) => m.high) : partitions.map(() => OFFSET_BEGINNING);
    // Where reading starts, as an offset: from the beginning, the oldest one held (an empty partition is read).
    firsts = options.from === 'now' ? starts : marks.map((m) => m.low);
  } catch (err) {
    probe.close();
    throw err;
  }

  // A consumer that adopts the first run it sees reads with one thread, so that it adopts one run.
  const threads = Math.max(1, Math.min(options.runId === null ? 1 : (options.threads ?? 1), partitions.length));
  const control = new SharedArrayBuffer(ConsumerControl.bytes);
  const cells = new Int32Array(control, 0, ConsumerControl.cells);
  if (pausedAtStart(options.pauses)) Atomics.store(cells, ConsumerControl.paused, 1);
  const baseMs = new Float64Array(control, ConsumerControl.baseMsOffset, 1);
  const positionCells = new SharedArrayBuffer(8 * partitions.length);
  const positions = new Float64Array(positionCells);
  positions.set(firsts);
  const highCells = new SharedArrayBuffer(8 * partitions.length);
  const highs = new Float64Array(highCells).fill(-1);
  const messageCells = new SharedArrayBuffer(8 * threads);
  const tallyCells = new SharedArrayBuffer(8 * CONSUMER_TALLY_CELLS * threads);
  const tally = new Float64Array(tallyCells);
  const messagesRead = new Float64Array(messageCells);

  const pool = new Piscina({
    filename: CONSUMER, minThreads: threads, maxThreads: threads, idleTimeout: 1000,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let failure: ((err: unknown) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined);
  let stopping = false;

  let logs = { e2e: new IntervalLog(Date.now()), e2e_uncorrected: new IntervalLog(Date.now()) };
  // The timers of the phases that pause the consumer; unpause() cancels them and lets the threads read.
  let pausing: () => void = () => undefined;
  const unpause = () => {
    pausing();
    Atomics.store(cells, ConsumerControl.paused, 0);
    Atomics.notify(cells, ConsumerControl.paused);
  };
  let pending = new Map<number, PendingSecond>();
  let nextSecond = 0;
  // Logged seconds' histograms are reset and reused: a new pair a second would be garbage that only V8's
  // full collections free (see addEncoded).
  const spare: PendingSecond[] = [];
  const pendingAt = (second: number): PendingSecond => {
    let p = pending.get(second);
    if (!p) {
      p = spare.pop() ?? { reported: 0, e2e: newHistogram(), e2e_uncorrected: newHistogram() };
      p.reported = 0;
      p.e2e.reset();
      p.e2e_uncorrected.reset();
      pending.set(second, p);
    }
    return p;
  };
  const logSecond = (second: number, p: PendingSecond, endMs?: number) => {
    const start = logs.e2e.baseMs + second * 1000;
    const end = Math.min(start + 1000, endMs ?? Infinity);
    for (const metric of CONSUMER_METRICS) {
      options.onInterval?.(metric, p[metric]);
      logs[metric].add(p[metric], start, Math.max(start, end));
    }
  };
  // Seconds go into the logs in order, each once every thread has reported it.
  const flushComplete = () => {
    for (let p = pending.get(nextSecond); p !== undefined && p.reported >= threads; p = pending.get(nextSecond)) {
      logSecond(nextSecond, p);
      pending.delete(nextSecond);
      spare.push(p);
      nextSecond++;
    }
  };

  let ready = 0;
  let onReady: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (onReady = resolve));
  const reports: Promise<ConsumerThreadReport>[] = [];
  for (let thread = 0; thread < threads; thread++) {
    const mine = partitions.map((p, i) => ({ p, i })).filter(({ i }) => i % threads === thread);
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: ConsumerMessage) => {
      if (message.kind === 'consumer-ready') {
        if (++ready === threads) onReady();
      } else if (message.kind === 'consumer-interval') {
        if (message.second < nextSecond) return; // a base set again since
        const p = pendingAt(message.second);
        p.reported++;
        addEncoded(p.e2e, message.e2e);
        addEncoded(p.e2e_uncorrected, message.e2e_uncorrected);
        flushComplete();
      } else if (message.kind === 'consumer-traced') {
        options.onTraced?.(message.records);
      } else {
        failure?.(errors.kafka('consume', message.message));
      }
    });
    const task: ConsumerTask = {
      thread, brokers: options.brokers, properties, topics: options.topics, runId: options.runId, connectTimeoutMs: options.timeoutMs,
      assignments: mine.map(({ p, i }) => ({ topicIndex: p.topicIndex, partition: p.partition, offset: starts[i] as number })),
      slots: mine.map(({ i }) => i), control, positions: positionCells, highs: highCells, messages: messageCells, tally: tallyCells, port: port2,
      ...(options.timeline ? { timeline: options.timeline } : {}),
    };
    const report = pool.run(task, { transferList: [port2] }) as Promise<ConsumerThreadReport>;
    report.catch((err: unknown) => {
      if (!stopping) failure?.(err);
    }).finally(() => port1.close());
    reports.push(report);
  }
  try {
    await Promise.race([allReady, failed]);
  } catch (err) {
    Atomics.store(cells, ConsumerControl.stop, 1);
    await Promise.allSettled(reports);
    await pool.destroy();
    probe.close();
    throw err;
  }

  let ended: Promise<MeasureResult> | undefined;
  const end = (drained: boolean): Promise<MeasureResult> =>
    (ended ??= (async () => {
      stopping = true;
      unpause();
      Atomics.store(cells, ConsumerControl.stop, 1);
      const settled = await Promise.allSettled(reports);
      await pool.destroy();
      probe.close();
      const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const endMs = Date.now();
      for (const r of done) if (r.traced.length > 0) options.onTraced?.(r.traced);
      for (const r of done) {
        if (r.last === null || r.last.second < nextSecond) continue;
        const p = pendingAt(r.last.second);
        addEncoded(p.e2e, r.last.e2e);
        addEncoded(p.e2e_uncorrected, r.last.e2e_uncorrected);
      }
      for (const second of [...pending.keys()].sort((a, b) => a - b)) logSecond(second, pending.get(second) as PendingSecond, endMs);
      pending = new Map();
      return { drained, ...mergeThreadReports(done, options.runId), logs };
    })());

  return {
    setBase: (ms) => {
      logs = { e2e: new IntervalLog(ms), e2e_uncorrected: new IntervalLog(ms) };
      pending = new Map();
      nextSecond = 0;
      baseMs[0] = ms;
      pausing = schedulePauses(clock, ms, options.pauses ?? [], (paused) => {
        Atomics.store(cells, ConsumerControl.paused, paused ? 1 : 0);
        Atomics.notify(cells, ConsumerControl.paused);
      });
    },
    finish: async (timeoutMs) => {
      // Whatever a paused phase left unread is read now: the drain reads everything produced.
      unpause();
      const deadline = clock.nowUs() + timeoutMs * 1000;
      let highs = watermarks(probe, partitions, options.timeoutMs).map((m) => m.high);
      const caughtUp = () => highs.every((high, i) => (positions[i] ?? -1) >= high);
      while (!caughtUp() && clock.nowUs() < deadline) await clock.sleep(20);
      // One instance of a scaled-out run: the other instances write to these partitions too and may finish
      // a little later; read on until the ends have not moved for the quiet period.
      for (let quietSince = clock.nowUs(); options.share && clock.nowUs() < deadline; ) {
        await clock.sleep(QUIET_CHECK_MS);
        const now = watermarks(probe, partitions, options.timeoutMs).map((m) => m.high);
        if (now.some((high, i) => high !== highs[i])) {
          highs = now;
          quietSince = clock.nowUs();
        }
        while (!caughtUp() && clock.nowUs() < deadline) await clock.sleep(20);
        if (caughtUp() && clock.nowUs() - quietSince >= SHARE_QUIET_MS * 1000) break;
      }
      return end(caughtUp());
    },
    stop: () => end(false),
    failed,
    messages: () => messagesRead.reduce((sum, n) => sum + n, 0),
    lag: () => consumerLag(positions, highs),
    soFar: () => {
      const sum = (cell: number) => tally.reduce((total, n, i) => (i % CONSUMER_TALLY_CELLS === cell ? total + n : total), 0);
      return { received: sum(0), duplicates: sum(1), outOfOrder: sum(2) };
    },
  };
}

/**
 * Records behind the partitions' ends: the sum of high watermark - next offset, over the partitions whose end
 * is known (as last fetched); null before any is. A partition not read yet, or read past the cached end
 * (the cache is a fetch behind), counts 0.
 */
export function consumerLag(positions: ArrayLike<number>, highs: ArrayLike<number>): number | null {
  let lag = 0;
  let known = false;
  for (let i = 0; i < highs.length; i++) {
    const high = highs[i] as number;
    if (high < 0) continue;
    known = true;
    const position = positions[i] as number;
    if (position >= 0) lag += Math.max(0, high - position);
  }
  return known ? lag : null;
}

/** Each partition's first and end offsets (low and high watermarks), asked of the broker. */
function watermarks(probe: NativeConsumer, partitions: readonly Partition[], timeoutMs: number): { low: number; high: number }[] {
  return partitions.map((p) => probe.watermarks(p.topicIndex, p.partition, timeoutMs));
}

/** The threads' results as one: histograms added, received slots united (a slot two threads saw is a duplicate). */
export function mergeThreadReports(reports: readonly ConsumerThreadReport[], runId: string | null): Omit<MeasureResult, 'drained' | 'logs'> {
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  const slots = new Map<number, SlotSet>();
  const counts = { received: 0, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0 };
  let messages = 0;
  for (const r of reports) {
    latency.absorbEncoded(r.histograms);
    latency.absorbSegments(r.segments);
    latency.negative += r.negative;
    messages += r.messages;
    counts.duplicates += r.counts.duplicates;
    counts.out_of_order += r.counts.out_of_order;
    counts.foreign += r.counts.foreign;
    counts.unstamped += r.counts.unstamped;
    for (const [id, set] of decodeSlotSets(r.receivedSlots)) {
      const mine = slots.get(id);
      if (mine) counts.duplicates += mine.merge(set);
      else slots.set(id, set);
    }
  }
  for (const set of slots.values()) counts.received += set.size;
  const integrity: IntegrityView = {
    runId: runId ?? reports.find((r) => r.runId !== null)?.runId ?? null,
    counts: (): IntegrityCounts => ({ ...counts }),
    receivedSlots: () => slots,
  };
  return { integrity, latency, messages, resets: reports.flatMap((r) => r.resets) };
}
