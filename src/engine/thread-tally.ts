// What one producer thread has measured, kept in the thread, from the native producer's aggregate results
// (src/kafka/native-producer.ts): counts per topic, failures by reason, acks per second, the acked slots and
// the latency histograms. The coordinator gets small deltas once a second (a tick) and the whole-run
// histograms at the end; histograms cross threads as compressed encodings (as autocannon merges per-thread
// histograms), never as samples.
import type { ProducedSpan } from './trace-spans.js';
import type { ClientStats } from './client-stats.js';
import type { PollResult, ProduceResult } from '../kafka/native-producer.js';
import { LatencyRecorder, type PRODUCER_METRICS, encode } from './histograms.js';
import { SlotSet } from './slot-set.js';
import { segmentOfSlot, type Segment, type Timeline } from './segments.js';
import { emptyTopicCounts, secondOf, type TopicCounts } from './accounting.js';

/** Producer thread -> coordinator, about once a second: what changed since the previous tick. */
export interface TickMessage {
  readonly kind: 'tick';
  readonly worker: number;
  /** Per topic index: produced, acked, failed and acked value bytes since the previous tick. */
  readonly topics: readonly TopicCounts[];
  /** Failures by reason since the previous tick. */
  readonly failures: readonly (readonly [string, number])[];
  /** Acks since the previous tick by whole second of the run: [second, acks]. */
  readonly perSecond: readonly (readonly [number, number])[];
  /** Records queued since the previous tick by whole second of the run: [second, records]. */
  readonly sentPerSecond: readonly (readonly [number, number])[];
  /** Each producer metric's histogram of the values recorded since the previous tick (all topics), encoded. */
  readonly intervals: Readonly<Record<(typeof PRODUCER_METRICS)[number], string>>;
  /** Records queued in the client and not yet reported, now. */
  readonly inFlight: number;
  /** QUEUE_FULL answers since the previous tick. */
  readonly queueFull: number;
  /** The client's last error while no delivery has succeeded since, else null. */
  readonly clusterError: string | null;
  /** The client's latest librdkafka statistics, summarised (absent when none came since the previous tick). */
  readonly clientStats?: ClientStats;
  /** --trace-sample: the spans of sampled records acked since the previous tick (absent when none). */
  readonly spans?: readonly ProducedSpan[];
}

/** How a producer thread finds its events' segments: the run's timeline, and how its chunks are dealt. */
export interface ThreadTimeline {
  readonly timeline: Timeline;
  readonly chunkSlots: number;
  /** The thread's stream (it has chunks stream, stream + streams, ...). */
  readonly stream: number;
  readonly streams: number;
}

/** A stream's own slot `s` (its producer id's sequence) as a slot of the run: chunks are dealt round robin, all full but the last. */
export function runSlotOf(cut: Pick<ThreadTimeline, 'chunkSlots' | 'streams'>, stream: number, s: number): number {
  const k = Math.floor(s / cut.chunkSlots);
  return (stream + k * cut.streams) * cut.chunkSlots + (s - k * cut.chunkSlots);
}

export class ThreadTally {
  readonly latency = new LatencyRecorder();
  /** Slots this thread's producer had acknowledged (its producer id's sequence). */
  readonly ackedSlots = new SlotSet();
  inFlight = 0;
  private topics: TopicCounts[];
  private failures = new Map<string, number>();
  private perSecond = new Map<number, number>();
  private sentPerSecond = new Map<number, number>();
  private queueFull = 0;
  private clusterError: string | null = null;

  /**
   * @param startUs the run's start (slot 0's intended time): acks are counted per whole second after it.
   * @param timeline where the warm-up ends and the phases begin; null: neither.
   */
  constructor(
    readonly worker: number,
    private readonly topicNames: readonly string[],
    private readonly startUs: number,
    private readonly timeline: ThreadTimeline | null = null,
  ) {
    this.topics = topicNames.map(emptyTopicCounts);
  }

  /** The segment of this thread's slot `s` (`nowUs`: when it was sent or acked, for --rate max). */
  private segment(s: number, nowUs: number): Segment {
    const t = this.timeline;
    return t === null ? null : segmentOfSlot(t.timeline, runSlotOf(t, t.stream, s), (nowUs - this.startUs) / 1e6);
  }

  /**
   * One produceChunk(): records consumed (queued or refused outright) and their publish delays. `firstSlot`:
   * this thread's slot of the first record the call consumed. `now`: when the call returned (us); its queued
   * records count in that second (a call sends what comes due in the next few milliseconds at most, so a
   * record can count in the second after the one it was sent in only within that much of its end).
   */
  produced(result: ProduceResult, firstSlot = 0, now = Date.now() * 1000): void {
    const { topic, publishDelayUs } = result;
    if (result.queued > 0) {
      const second = secondOf(now, this.startUs);
      this.sentPerSecond.set(second, (this.sentPerSecond.get(second) ?? 0) + result.queued);
    }
    for (let i = 0; i < topic.length; i++) {
      const t = topic[i] as number;
      this.counts(t).produced++;
      this.latency.record('publish_delay', this.topicName(t), publishDelayUs[i] as number, this.segment(firstSlot + i, now));
    }
    if (result.status === 'queue_full') this.queueFull++;
    if (result.failed > 0) this.failed(result.failedByTopic, result.failures);
    this.inFlight = result.inFlight;
  }

  /**
   * One poll(): acks with their latencies, failures, the client's state. `relabel`: count this poll's
   * failures under that reason instead of librdkafka's (after purge(): "Local: Purged ..." stands for why
   * the run purged).
   */
  polled(result: PollResult, relabel?: string): void {
    const { slot, topic, ackUs, ackUncorrectedUs } = result;
    for (let i = 0; i < result.acked; i++) {
      const name = this.topicName(topic[i] as number);
      const segment = this.segment(slot[i] as number, result.nowUs);
      this.latency.record('ack', name, ackUs[i] as number, segment);
      this.latency.record('ack_uncorrected', name, ackUncorrectedUs[i] as number, segment);
      this.ackedSlots.add(slot[i] as number);
    }
    result.ackedByTopic.forEach((n, t) => {
      if (n === 0) return;
      const counts = this.counts(t);
      counts.acked += n;
      counts.bytes += result.ackedBytesByTopic[t] ?? 0;
    });
    if (result.acked > 0) {
      const second = secondOf(result.nowUs, this.startUs);
      this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + result.acked);
    }
    if (result.failed > 0) this.failed(result.failedByTopic, relabel === undefined ? result.failures : { [relabel]: result.failed });
    this.inFlight = result.inFlight;
    this.clusterError = result.lastError;
  }

  /** Records that will never be reported (shutdown, a stalled cluster), counted failed with `reason`. */
  abandon(count: number, reason: string, topic = 0): void {
    if (count <= 0) return;
    this.counts(topic).failed += count;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + count);
    this.inFlight = Math.max(0, this.inFlight - count);
  }

  /** The deltas since the previous tick; the tally starts counting afresh. */
  tick(clientStats?: ClientStats | null, spans?: readonly ProducedSpan[]): TickMessage {
    const message: TickMessage = {
      kind: 'tick',
      worker: this.worker,
      topics: this.topics,
      failures: [...this.failures],
      perSecond: [...this.perSecond],
      sentPerSecond: [...this.sentPerSecond],
      intervals: {
        publish_delay: encode(this.latency.takeInterval('publish_delay')),
        ack: encode(this.latency.takeInterval('ack')),
        ack_uncorrected: encode(this.latency.takeInterval('ack_uncorrected')),
      },
      inFlight: this.inFlight,
      queueFull: this.queueFull,
      clusterError: this.clusterError,
      ...(clientStats ? { clientStats } : {}),
      ...(spans && spans.length > 0 ? { spans } : {}),
    };
    this.topics = this.topicNames.map(emptyTopicCounts);
    this.failures = new Map();
    this.perSecond = new Map();
    this.sentPerSecond = new Map();
    this.queueFull = 0;
    return message;
  }

  private failed(byTopic: Uint32Array, reasons: Readonly<Record<string, number>>): void {
    byTopic.forEach((n, t) => {
      if (n > 0) this.counts(t).failed += n;
    });
    for (const [reason, n] of Object.entries(reasons)) this.failures.set(reason, (this.failures.get(reason) ?? 0) + n);
  }

  private counts(topic: number): TopicCounts {
    return (this.topics[topic] ??= emptyTopicCounts());
  }

  private topicName(topic: number): string {
    return this.topicNames[topic] ?? `topic-${topic}`;
  }
}

/** What a warm-up round writes into a real result (the fields are readonly to everyone else). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Runs a throwaway tally through what the first seconds of sending ask of it (produce and poll results of
 * a few hundred records each, ticks with their histogram encodings) before the clock starts, so that V8 has
 * compiled that code by then. `results`: make a real result of the thread's producer (the produceChunk of
 * an empty batch, an empty poll), fresh each round; the warm-up fills its records in and hands it to the
 * tally, so the compiled code sees the objects it will see in the run.
 *
 * Why: compiled only once the run had started, polled() took 23 ms per compile (it inlines the histogram
 * recording), in each of 8 threads at once, beside the generation code of every thread and the consumer's:
 * on 2 cores the first two seconds of `--rate 50000 --workers 8` sent records 60-80 ms late (p99), and
 * those seconds were most of the run's p99 over 60 s.
 * Why real results and not copies: a copy (`{ ...result, topic }`) gets a map of its own, though its fields
 * are the same. Code optimised on the copies failed its map check on the first real result ("wrong map",
 * `--trace-deopt`), and every thread compiled produced() and polled() again in the run's first second. The
 * results are made in one place (src/kafka/native-results.ts), so a real one has the run's map.
 */
export function warmUpTally(
  results: { readonly poll: () => PollResult; readonly produce: () => ProduceResult },
  topicNames: readonly string[],
  timeline: ThreadTimeline | null,
): void {
  // The run's acked slots are a fresh SlotSet, whose first add sets its lowest slot. The warm-up's one set
  // did that once, before V8 kept type feedback for add(), and polled() (add() inlined) compiled without
  // it failed on the run's first ack ("Insufficient type feedback", --trace-deopt). A few fresh sets first
  // give that store its feedback before polled() is compiled.
  for (let set = 0; set < 32; set++) new SlotSet().add(set);
  const records = 256;
  const startUs = Date.now() * 1000;
  const tally = new ThreadTally(0, topicNames, startUs, timeline);
  const topics = topicNames.length;
  let slot = 0;
  for (let round = 0; round < 400; round++) {
    const nowUs = startUs + round * 5_000;
    const topic = new Uint8Array(records).map((_, i) => (i * 7 + round) % topics);
    const produce = Object.assign(results.produce() as Writable<ProduceResult>, {
      topic, publishDelayUs: new Float64Array(records).map((_, i) => (i * 37 + round) % 5_000), queued: records,
    } satisfies Partial<ProduceResult>);
    tally.produced(produce, slot, nowUs);
    const ackUs = new Float64Array(records).map((_, i) => 1_000 + ((i * 911 + round * 13) % 60_000));
    const ackedByTopic = new Uint32Array(topics);
    for (const t of topic) ackedByTopic[t] = (ackedByTopic[t] ?? 0) + 1;
    const poll = Object.assign(results.poll() as Writable<PollResult>, {
      acked: records, nowUs, slot: new Float64Array(records).map((_, i) => slot + i), topic, ackUs, ackUncorrectedUs: ackUs,
      ackedByTopic, ackedBytesByTopic: new Float64Array(ackedByTopic).map((n) => n * 380),
    } satisfies Partial<PollResult>);
    tally.polled(poll);
    slot += records;
    if (round % 50 === 49) tally.tick(null, []);
  }
  tally.latency.encodedMetrics();
}
