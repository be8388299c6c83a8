// The project's own producer addon (native/, docs/native.md): one librdkafka producer per thread that sends
// a whole chunk of the batch format (src/events/batch.ts) per call and hands delivery results back in
// aggregate: counts and typed arrays, never one JavaScript object per record. It does natively what the
// JavaScript path does per record (src/engine/sender.ts): the intended/actual times, the `lg` header
// (src/events/record-header.ts), the `loadgen-invalid` header, the Java-compatible murmur2 partition
// (src/engine/partitioner.ts), QUEUE_FULL as backpressure and a record refused outright as failed.
//
// Every call is synchronous and runs on the calling thread; poll(timeoutMs) and metadata(timeoutMs) block
// it up to their timeouts, so a producer belongs in a worker thread that owns its producing (the addon is
// context-aware: each worker loads its own copy of the addon state, and a worker that exits without
// close() has its producers closed for it).
import { errors } from '../errors.js';
import { BATCH_HEADER_BYTES } from '../events/batch.js';
import { INVALID_REASONS } from '../events/invalid-injection.js';
import { connectNative } from './native-connect.js';
import { loadNativeAddon, type ChunkPosition, type PollResult, type ProduceResult, type RawProducer } from './native-addon.js';
import { pollResultOf, produceResultOf } from './native-results.js';

export { loadNativeAddon, nativeAddonPath } from './native-addon.js';
export type { ChunkPosition, FailureTally, NativeAddon, PollResult, ProduceResult, ProduceStatus, RawProducer } from './native-addon.js';

/** The first record of any batch. */
export const CHUNK_START: ChunkPosition = Object.freeze({ record: 0, offset: BATCH_HEADER_BYTES });

/** What every record's `lg` header carries besides its times: `<runId>/<producerId>/<slotBase + index>/...`. */
export interface ChunkStamp {
  readonly runId: string;
  readonly producerId: number;
  /** The send slot of record 0 of this chunk (record i gets slotBase + i), whatever record walking starts at. */
  readonly slotBase: number;
  /** --rate max: every record is due at once and its intended time is the moment it is sent. */
  readonly max: boolean;
  /**
   * Records of the chunk sampled for tracing: [record index, traceparent], ascending by index. Each is sent
   * with a W3C `traceparent` header beside its `lg` header.
   */
  readonly traces?: readonly (readonly [number, string])[];
}

export interface NativeProducerOptions {
  /** Bootstrap brokers (metadata.broker.list); leave out with `test.mock.num.brokers`. */
  readonly brokers?: string;
  /** librdkafka properties; they win over the defaults (client.id loadgen, allow.auto.create.topics false). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  /** The topics a batch's topic index selects, in order (at most 256). */
  readonly topics: readonly string[];
  /** The `loadgen-invalid` header's value for invalid reason i + 1 (default INVALID_REASONS). */
  readonly invalidReasons?: readonly string[];
}

/**
 * A librdkafka producer that sends chunks natively. Usage, in the thread that owns it:
 *
 *   const producer = new NativeProducer({ brokers, properties, topics });
 *   producer.connect(10_000);                       // partitions per topic; fails fast on a missing topic
 *   let from = CHUNK_START;
 *   for (;;) {
 *     const r = producer.produceChunk(batch, from, { runId, producerId, slotBase, max });
 *     record r.publishDelayUs by r.topic; count r.queued, r.failures
 *     const acks = producer.poll(r.status === 'queue_full' ? 1 : 0);   // record acks.ackUs, acks.slot...
 *     if (r.status === 'done') break;
 *     from = r.next;                                  // not_due: wait until r.dueUs first
 *   }
 *   await producer.flush(30_000, (acks) => ...);     // then producer.close()
 *
 * Constructing it validates the properties (an unknown or invalid one throws a TypeError naming the key;
 * a secret's value is never shown) and starts the client, without waiting for the cluster.
 */
export class NativeProducer {
  private readonly raw: RawProducer;
  private readonly brokers: string;

  constructor(readonly options: NativeProducerOptions) {
    const config: Record<string, string> = { 'client.id': 'loadgen', 'allow.auto.create.topics': 'false' };
    if (options.brokers !== undefined) config['metadata.broker.list'] = options.brokers;
    for (const [key, value] of Object.entries(options.properties ?? {})) config[key] = String(value);
    this.brokers = options.brokers ?? 'the mock cluster';
    this.raw = new (loadNativeAddon().Producer)(config, options.topics, options.invalidReasons ?? INVALID_REASONS);
  }

  /** librdkafka's version, which is node-rdkafka's: both load node_modules/node-rdkafka/build/deps/librdkafka.so.1. */
  static version(): string {
    return loadNativeAddon().version();
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /**
   * Partition counts per topic (topic order; 0: the cluster lacks the topic), from the cluster's metadata,
   * kept for partitioning. Blocks up to `timeoutMs`; throws librdkafka's error (with its `code`) when the
   * cluster does not answer.
   */
  metadata(timeoutMs: number): number[] {
    return this.raw.metadata(Math.max(0, Math.ceil(timeoutMs)));
  }

  /**
   * metadata(), with loadgen's errors: an unreachable cluster or a refused login (LoadgenError naming the
   * brokers and, for a security failure, the reason), or a missing topic. The producer is closed on failure.
   */
  connect(timeoutMs: number): number[] {
    const started = Date.now();
    const client = { metadata: (ms: number) => this.metadata(ms), lastError: () => this.poll(0).lastError, close: () => this.close() };
    const counts = connectNative(client, this.brokers, this.options.topics, timeoutMs, 'checking topics');
    // An idempotent producer holds every record until the cluster has given it a producer id, which
    // librdkafka asks for on a 500 ms timer: wait for it here, so a run's first records are not measured
    // waiting for it (they were, as 200-400 ms ack tails).
    let last: PollResult | undefined;
    while (!this.raw.pidAssigned() && !last?.fatal && Date.now() - started < timeoutMs) last = this.poll(10);
    if (!this.raw.pidAssigned()) {
      const why = last?.fatal ?? last?.lastError;
      this.close();
      throw errors.kafka('checking topics', `no producer id from ${this.brokers} within ${timeoutMs} ms (enable.idempotence=true needs one)${why ? `: ${why}` : ''}`);
    }
    return counts;
  }

  /**
   * Sends the batch's records from `from` on, natively, until the batch ends, a record is not yet due,
   * librdkafka's queue is full, or `limit` records were consumed (0 or absent: no limit). Each record goes to
   * its topic's murmur2 partition with timestamp floor(timeMs), headers `lg` (and `loadgen-invalid` for an
   * injected invalid event), and is acked or failed in a later poll(). Throws (TypeError) for a buffer that
   * is not a well-formed batch, and before metadata()/connect().
   *
   * A record not yet due but due by `waitUntilUs` (us since the Unix epoch; 0: none) is waited for inside
   * the call, to the microsecond, while the delivery reports that arrive meanwhile are served (timed as they
   * arrive) and held for the next poll(). One call then covers many records of a paced chunk, where a thread
   * that polled until each record was due made two calls per record.
   *
   * The result's typed arrays are views of this producer's result buffers, written over by its next
   * produceChunk(): record them first, copy them to keep them (src/kafka/native-results.ts says why).
   */
  produceChunk(batch: ArrayBuffer | ArrayBufferView, from: ChunkPosition, stamp: ChunkStamp, limit = 0, waitUntilUs = 0): ProduceResult {
    return produceResultOf(this.raw.produceChunk(batch, from.record, from.offset, stamp.runId, stamp.producerId, stamp.slotBase, stamp.max, limit, waitUntilUs, stamp.traces));
  }

  /**
   * Serves the delivery reports and client errors waiting (blocking up to `timeoutMs`, fractions of a
   * millisecond included, for the first one), returned in aggregate. Call it often: a report is timed when it is served, and librdkafka's queue only
   * frees room for new records once their reports are served. As with produceChunk(), the result's typed
   * arrays are views that the next poll() writes over.
   */
  poll(timeoutMs = 0): PollResult {
    // biome-ignore lint/complexity/useMathMinMax: NaN must become 0, which Math.max(0, NaN) would not do.
    return pollResultOf(this.raw.poll(timeoutMs > 0 ? timeoutMs : 0));
  }

  /** The latest librdkafka statistics JSON (statistics.interval.ms) since the last call, or null. */
  takeStats(): string | null {
    return this.raw.takeStats();
  }

  /** False while an idempotent producer waits for its producer id; connect() waits for it. */
  get pidAssigned(): boolean {
    return this.raw.pidAssigned();
  }

  /** Records queued and not yet reported. */
  get inFlight(): number {
    return this.raw.inFlight();
  }

  /** Abandons every queued and in-flight record: each comes back as failed ("Local: Purged ...") in the next polls. */
  purge(): void {
    this.raw.purge();
  }

  /**
   * Polls until nothing is in flight or `timeoutMs` passes, handing each poll's results to `onResult`, and
   * yields to the event loop between polls. True when everything was reported. (With the event API
   * rd_kafka_flush() does not serve the queue, so this is the flush.)
   */
  async flush(timeoutMs: number, onResult: (result: PollResult) => void): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.raw.inFlight() > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      onResult(this.poll(Math.min(left, 20)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return true;
  }

  /** Destroys the client; records still in flight are abandoned (flush first). Idempotent; any other call afterwards throws. */
  close(): void {
    this.raw.close();
  }

  /** The bootstrap servers of the mock cluster that `test.mock.num.brokers` starts inside this client (tests), else null. */
  mockBootstraps(): string | null {
    return this.raw.mockBootstraps();
  }

  /** Creates a topic on that mock cluster (tests: the mock cluster has no CreateTopics API). */
  mockCreateTopic(topic: string, partitions: number, replicationFactor = 1): void {
    this.raw.mockCreateTopic(topic, partitions, replicationFactor);
  }

  /**
   * Why the mock cluster inside this client ended by itself (librdkafka's log line), else null. Its thread
   * ends when its poll() fails; close() then leaves the client to the process's exit, as destroying it
   * would hang or abort (native/src/producer_mock.cc).
   */
  mockFailure(): string | null {
    return this.raw.mockFailure();
  }
}
