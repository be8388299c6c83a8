// The measuring consumer in the project's native addon (native/src/consumer_*.{h,cc}, docs/native.md): one
// librdkafka consumer per thread that reads a batch per call and does per record, natively, what
// src/consumer/measure.ts does in JavaScript with one object per message: finds and parses the `lg` stamp
// (src/events/record-header.ts), computes the end-to-end latencies of the measured run against the
// receive time (CLOCK_REALTIME, the producer's clock), and keeps IntegrityTracker's state
// (src/consumer/integrity.ts): received-slot bitmaps per producer in SlotSet's layout, duplicates,
// out-of-order, foreign and unstamped records, plus the next offset per partition. A poll() returns one
// aggregate: counts and typed arrays.
//
// Every call is synchronous on the calling thread; poll(), metadata() and watermarks() block it up to their
// timeouts, so a consumer belongs in a thread that owns its consuming (a worker, or a main thread that
// polls with short timeouts between turns of the event loop). A worker that exits without close() has its
// consumers closed by the addon.
import { connectNative } from './native-connect.js';
import { SlotSet } from '../engine/slot-set.js';
import { loadNativeAddon, type ConsumeCounts, type ConsumeResult, type ConsumerAssignment, type PartitionPosition, type RawConsumer, type ReceivedSlotPages } from './native-addon.js';

export type { ConsumeCounts, ConsumeResult, ConsumerAssignment, OffsetReset, ParsedStamp, PartitionPosition, RawConsumer, RawConsumerConstructor } from './native-addon.js';

/** librdkafka's RD_KAFKA_OFFSET_BEGINNING: the oldest offset the partition holds. */
export const OFFSET_BEGINNING = -2;
/** librdkafka's RD_KAFKA_OFFSET_END: the partition's end when the assignment takes effect. */
export const OFFSET_END = -1;

export interface NativeConsumerOptions {
  /** Bootstrap brokers (metadata.broker.list); a mock cluster's mockBootstraps() in tests. */
  readonly brokers?: string;
  /**
   * librdkafka properties; they win over the defaults (client.id loadgen-measure, allow.auto.create.topics
   * false). Whatever they say, the consumer sets enable.auto.commit=false, enable.auto.offset.store=false and
   * auto.offset.reset=error (resets are handled natively and reported), and a random group.id when none is
   * given (the group is never joined: partitions are assigned).
   */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  /** The topics, in the order of the topic indexes (at most 256). */
  readonly topics: readonly string[];
  /** The run to measure; null adopts the run of the first stamped record (a consumer run alone), as IntegrityTracker does. */
  readonly runId: string | null;
}

/** Default records per poll(): large enough that a full queue is drained in few calls. */
export const DEFAULT_MAX_MESSAGES = 10_000;

/**
 * A librdkafka consumer that measures natively. Usage, in the thread that owns it:
 *
 *   const consumer = new NativeConsumer({ brokers, properties, topics, runId });
 *   const partitions = consumer.connect(10_000);           // partitions per topic; fails fast on a missing topic
 *   const starts = ...consumer.watermarks(t, p, 10_000).high for "from now"
 *   consumer.assign([{ topicIndex, partition, offset }, ...]);
 *   for (;;) {
 *     const r = consumer.poll(10_000, 100);                // returns as soon as a record is there
 *     record r.e2eUs / r.e2eUncorrectedUs by r.topic; report r.resets, r.error, r.fatal
 *   }
 *   consumer.positions();                                  // caught up when every offset >= its high watermark
 *   consumer.slotSets();  consumer.counts();               // IntegrityTracker's receivedSlots() and counts()
 *   consumer.close();
 */
export class NativeConsumer {
  private readonly raw: RawConsumer;
  private readonly brokers: string;

  constructor(readonly options: NativeConsumerOptions) {
    const config: Record<string, string> = { 'client.id': 'loadgen-measure', 'allow.auto.create.topics': 'false' };
    if (options.brokers !== undefined) config['metadata.broker.list'] = options.brokers;
    for (const [key, value] of Object.entries(options.properties ?? {})) config[key] = String(value);
    this.brokers = options.brokers ?? 'the mock cluster';
    this.raw = new (loadNativeAddon().Consumer)(config, options.topics, options.runId);
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /** Partition counts per topic (topic order; 0: the cluster lacks it). Blocks up to `timeoutMs`; throws librdkafka's error (with its `code`). */
  metadata(timeoutMs: number): number[] {
    return this.raw.metadata(Math.max(0, Math.ceil(timeoutMs)));
  }

  /** metadata() with loadgen's errors (the cluster unreachable, a missing topic); the consumer is closed on failure. */
  connect(timeoutMs: number): number[] {
    const client = { metadata: (ms: number) => this.metadata(ms), lastError: () => this.raw.poll(1, 0).lastError, close: () => this.close() };
    return connectNative(client, this.brokers, this.options.topics, timeoutMs, 'consume');
  }

  /**
   * Adds partitions to read (rd_kafka_incremental_assign: earlier ones keep reading); a partition already
   * assigned is re-positioned. Offsets: absolute, OFFSET_BEGINNING or OFFSET_END (prefer absolute ones from
   * watermarks(): positions() can then tell when everything up to them was read).
   */
  assign(assignments: readonly ConsumerAssignment[]): void {
    this.raw.assign(assignments);
  }

  /**
   * Stops (true) or resumes (false) fetching every assigned partition. Records fetched and not yet read are
   * fetched again on resume, from the next offset to read: nothing is lost or read twice.
   */
  pause(paused: boolean): void {
    this.raw.pause(paused);
  }

  /** The partition's low and high watermarks, asked of the broker (rd_kafka_query_watermark_offsets; blocks up to timeoutMs). */
  watermarks(topicIndex: number, partition: number, timeoutMs: number): { low: number; high: number } {
    return this.raw.watermarks(topicIndex, partition, Math.max(0, Math.ceil(timeoutMs)));
  }

  /**
   * Reads up to `maxMessages` records: what librdkafka holds now, or, if nothing, waits up to `timeoutMs`
   * for the first record and returns it with whatever arrived alongside. Never waits for a full batch, so a
   * low rate adds no latency. One aggregate per call.
   */
  poll(maxMessages = DEFAULT_MAX_MESSAGES, timeoutMs = 0): ConsumeResult {
    return this.raw.poll(maxMessages, Math.max(0, Math.ceil(timeoutMs)));
  }

  /** The next offset per assigned partition, by topic index then partition. Readable after close(). */
  positions(): PartitionPosition[] {
    return this.raw.positions();
  }

  /** The producer's received slots as pages (SlotSet.fromPages()); no pages if never seen. */
  receivedSlots(producerId: number): ReceivedSlotPages {
    return this.raw.receivedSlots(producerId);
  }

  /** Producer ids of the run seen, in the order first seen. */
  producers(): number[] {
    return this.raw.producers();
  }

  /** Every producer's received slots as SlotSets: what IntegrityTracker.receivedSlots() returns. */
  slotSets(): Map<number, SlotSet> {
    return new Map(this.producers().map((id) => [id, pagesToSlotSet(this.receivedSlots(id))]));
  }

  /** The totals since construction (IntegrityTracker.counts(), plus malformed and negative). Readable after close(). */
  counts(): ConsumeCounts {
    return this.raw.counts();
  }

  /** The run measured: the one given, or the one adopted from the first stamped record (null until then). */
  get runId(): string | null {
    return this.raw.runId();
  }

  /** Destroys the client (nothing to commit: no group is joined). Idempotent; the integrity state stays readable. */
  close(): void {
    this.raw.close();
  }
}

function pagesToSlotSet(pages: ReceivedSlotPages): SlotSet {
  return SlotSet.fromPages(pages.pageSlots, pages.fullRuns, pages.partial, pages.bits);
}
