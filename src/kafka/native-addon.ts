// The project's native addon as JavaScript sees it (native/, docs/native.md): its raw interface, the
// results its calls return, and the loader. native-producer.ts and native-consumer.ts wrap it in typed,
// documented classes; everything else uses those.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where to resume walking a batch: the record's index and its byte offset. */
export interface ChunkPosition {
  readonly record: number;
  readonly offset: number;
}

/**
 * Why produceChunk() returned: `done` (the batch is finished), `not_due` (the next record's intended time is
 * in the future: `dueUs`), `queue_full` (librdkafka's queue is full: poll, then resume from `next`; the
 * record at `next` was NOT sent) or `limit` (the call's record limit was reached).
 */
export type ProduceStatus = 'done' | 'not_due' | 'queue_full' | 'limit';

/**
 * Records that failed, in aggregate. In a ProduceResult or PollResult every typed array is a view of the
 * producer's result buffers, valid until the next call of the same method (src/kafka/native-results.ts).
 */
export interface FailureTally {
  readonly failed: number;
  /** Failures per topic index. */
  readonly failedByTopic: Uint32Array;
  /** Failures by reason (librdkafka's message, e.g. "Local: Message timed out"). */
  readonly failures: Readonly<Record<string, number>>;
}

/**
 * One produceChunk() call. `topic` and `publishDelayUs` hold one entry per record consumed, in slot order
 * (slots slotBase + from.record, ...): both the records queued and those librdkafka refused outright (too
 * large: `failed`, `failures`), as the JavaScript sender records a publish delay for both.
 */
export interface ProduceResult extends FailureTally {
  readonly status: ProduceStatus;
  /** The first record not consumed: pass it as `from` to continue. */
  readonly next: ChunkPosition;
  /** `not_due` only: the next record's intended time, us since the Unix epoch. */
  readonly dueUs: number | null;
  /** Records handed to librdkafka (each ends as exactly one ack or failure in a later poll()). */
  readonly queued: number;
  readonly topic: Uint8Array;
  /** Actual send time - intended send time, us (0 for --rate max). */
  readonly publishDelayUs: Float64Array;
  /** Records queued and not yet reported, after this call. */
  readonly inFlight: number;
}

/**
 * One poll(): every delivery report served, aggregated. The per-record arrays (`slot`, `topic`, `ackUs`,
 * `ackUncorrectedUs`) hold the acked records only, `acked` entries each. The ack time of a report is when
 * this thread served it.
 */
export interface PollResult extends FailureTally {
  readonly acked: number;
  /** When the poll finished, us since the Unix epoch (for acks-per-second). */
  readonly nowUs: number;
  readonly slot: Float64Array;
  readonly topic: Uint8Array;
  /** Ack time - intended send time, us (coordinated-omission corrected). */
  readonly ackUs: Float64Array;
  /** Ack time - actual send time, us. */
  readonly ackUncorrectedUs: Float64Array;
  readonly ackedByTopic: Uint32Array;
  /** Value bytes acked per topic. */
  readonly ackedBytesByTopic: Float64Array;
  /** Queued and not yet reported. */
  readonly inFlight: number;
  /** The client's last error (a security failure outlives the errors after it) until a delivery succeeds, else null. */
  readonly lastError: string | null;
  /** A fatal error (idempotence broken, ...), once raised; the producer cannot continue. */
  readonly fatal: string | null;
}

/**
 * What both raw result objects have (native/src/result_area.h; read by src/kafka/native-results.ts): the
 * same object from every call of a method, its numbers in `scalars`.
 */
interface ResultArea {
  readonly scalars: Float64Array;
  /** Failures by reason, written only when the call had some (else a previous call's, or null). */
  readonly failures: Readonly<Record<string, number>> | null;
}

/** The raw produceChunk()'s object: per-record arrays hold `scalars[consumed]` entries, per-topic ones one per topic. */
export interface ProduceArea extends ResultArea, Pick<ProduceResult, 'topic' | 'publishDelayUs' | 'failedByTopic'> {}

/** The raw poll()'s object: per-record arrays hold `scalars[acked]` entries; `lastError` and `fatal` are written when they change. */
export interface PollArea
  extends ResultArea,
    Pick<PollResult, 'slot' | 'topic' | 'ackUs' | 'ackUncorrectedUs' | 'ackedByTopic' | 'ackedBytesByTopic' | 'failedByTopic' | 'lastError' | 'fatal'> {}

/** A sampled record the consumer received: where it was, and its W3C traceparent header. */
export interface TracedRecord {
  readonly topicIndex: number;
  readonly partition: number;
  readonly offset: number;
  readonly traceparent: string;
}

/** The addon's raw interface (native/src/addon.cc, native/src/producer_wrap.cc, native/src/consumer_wrap.cc). */
export interface NativeAddon {
  /** librdkafka's version string (rd_kafka_version_str). */
  version(): string;
  /** glibc malloc's arena limit and fixed mmap threshold, process-wide; false where not applied (see tuneProcessMalloc). */
  tuneMalloc(arenas: number, mmapThresholdBytes: number): boolean;
  /** Kafka's murmur2 of the key bytes (as src/engine/partitioner.ts). */
  murmur2(key: Uint8Array): number;
  partitionFor(key: Uint8Array, partitions: number): number;
  /** The native clock: CLOCK_REALTIME in us since the Unix epoch. */
  nowUs(): number;
  /** librdkafka threads alive in the process (rd_kafka_thread_cnt). */
  threadCount(): number;
  /** Producers open in this thread's environment. */
  liveProducers(): number;
  /** Consumers open in this thread's environment. */
  liveConsumers(): number;
  /** The consumer's `lg` header parser (tests): the stamp, or null when the bytes are not one. */
  parseStamp(value: Uint8Array): ParsedStamp | null;
  /** True for the sanitizer build (scripts/native-asan.sh). */
  readonly sanitized: boolean;
  Producer: new (config: Record<string, string>, topics: readonly string[], invalidReasons: readonly string[]) => RawProducer;
  /** The measuring consumer (src/kafka/native-consumer.ts wraps it). */
  Consumer: RawConsumerConstructor;
}

export interface RawProducer {
  metadata(timeoutMs: number): number[];
  produceChunk(
    batch: ArrayBuffer | ArrayBufferView, record: number, offset: number, runId: string, producerId: number, slotBase: number, max: boolean, limit?: number, waitUntilUs?: number,
    traces?: readonly (readonly [number, string])[],
  ): ProduceArea;
  poll(timeoutMs?: number): PollArea;
  purge(): void;
  close(): void;
  inFlight(): number;
  /** False while an idempotent producer waits for its producer id (records would wait with it). */
  pidAssigned(): boolean;
  /** The latest librdkafka statistics JSON served since the last call, handed over once; null if none came. */
  takeStats(): string | null;
  mockBootstraps(): string | null;
  mockCreateTopic(topic: string, partitions: number, replicationFactor?: number): void;
  /** librdkafka's line saying this client's mock cluster ended by itself (native/src/producer_mock.cc), else null. */
  mockFailure(): string | null;
}

/**
 * The addon file: native/build/Release/loadgen_native.node, or with LOADGEN_NATIVE_BUILD=DIR (relative to
 * native/, or absolute) DIR/build/Release/loadgen_native.node: `build-asan` is the sanitizer build of
 * scripts/native-asan.sh.
 */
export function nativeAddonPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const nativeDir = fileURLToPath(new URL('../../../native/', import.meta.url));
  const dir = env['LOADGEN_NATIVE_BUILD'] ? path.resolve(nativeDir, env['LOADGEN_NATIVE_BUILD']) : nativeDir;
  return path.join(dir, 'build', 'Release', 'loadgen_native.node');
}

let addon: NativeAddon | undefined;

/** The addon, loaded once per thread; a clear error when it was not built. */
export function loadNativeAddon(): NativeAddon {
  if (addon) return addon;
  const file = nativeAddonPath();
  try {
    addon = createRequire(import.meta.url)(file) as NativeAddon;
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    if (code === 'MODULE_NOT_FOUND') throw new Error(`loadgen's native addon is not built (${file}): run npm ci, or npm run install`);
    throw err;
  }
  return addon;
}

/**
 * Tunes glibc's malloc for this process of many threads: at most one arena per core, and blocks of 128 KB
 * or more always mapped and given back when freed (native/src/addon.cc, TuneMalloc, says why). Call it once,
 * before threads are made. False where it was not applied: no addon built (a command that needs it says so
 * itself), or another C library.
 */
export function tuneProcessMalloc(cores: number): boolean {
  let native: NativeAddon;
  try {
    native = loadNativeAddon();
  } catch {
    return false;
  }
  return native.tuneMalloc(Math.max(1, Math.floor(cores)), 128 * 1024);
}

/** A partition to read, and where to start: an absolute offset, OFFSET_BEGINNING or OFFSET_END. */
export interface ConsumerAssignment {
  readonly topicIndex: number;
  readonly partition: number;
  readonly offset: number;
}

/** One producer's received slots as the native consumer keeps them: SlotSet's pages (src/engine/slot-set.ts). */
export interface ReceivedSlotPages {
  readonly pageSlots: number;
  /** The runs of pages every slot of which was received: first and last page number of each, in turn. */
  readonly fullRuns: Float64Array;
  /** The other pages seen, whose bitmaps lie in turn in `bits` (pageSlots / 8 bytes each). */
  readonly partial: Float64Array;
  readonly bits: Uint8Array;
}

/**
 * IntegrityTracker's counts (src/consumer/integrity.ts: the same names and meanings), plus `malformed` and
 * `negative`. Per poll() they count that poll's records; counts() gives the totals.
 */
export interface ConsumeCounts {
  /** Distinct records of the run received (each (producer, slot) once). */
  readonly received: number;
  /** Records of the run whose (producer, slot) had been received already. */
  readonly duplicates: number;
  /** Records of the run with a slot lower than one already received from the same producer in the same partition. */
  readonly out_of_order: number;
  /** Records of another run (a well-formed stamp, another run id). */
  readonly foreign: number;
  /** Records without a readable stamp: no `lg` header, or one that is not a stamp (`malformed`). */
  readonly unstamped: number;
  /** The part of `unstamped` with an `lg` header that is not a stamp (truncated, damaged, a slot above 2^32 - 1). */
  readonly malformed: number;
  /**
   * Latencies that round below 0 (clock skew between hosts), corrected and uncorrected each counted, as
   * LatencyRecorder.negative counts them when both arrays are recorded (so do not add both).
   */
  readonly negative: number;
}

/**
 * A partition whose next offset was out of range (the records were deleted before they were read, or the log
 * ends before it). Reading resumes at the nearest offset the log holds; nothing is skipped silently.
 */
export interface OffsetReset {
  readonly topicIndex: number;
  readonly partition: number;
  /** The offset that was out of range: the next one this consumer would have read. */
  readonly offset: number;
  /** The partition's start and end offsets the failing fetch reported (-1: not known). */
  readonly low: number;
  readonly high: number;
  /** Where reading resumed: `low` (offset < low), `high` (offset > high), or OFFSET_BEGINNING when the bounds were not known. */
  readonly resumedAt: number;
  /** Records gone before they were read, [offset, low): low - offset, 0 when nothing readable was skipped, -1 when not known. */
  readonly skipped: number;
  /** librdkafka's words. */
  readonly reason: string;
}

/**
 * One poll(). `topic`, `e2eUs` and `e2eUncorrectedUs` hold one entry per record counted in `counts.received`
 * (duplicates, foreign and unstamped records have none), in the order read.
 */
export interface ConsumeResult {
  /** Records read, of any run, stamped or not (partition EOFs and errors are not records). */
  readonly messages: number;
  /** When the batch was taken off librdkafka's queue: CLOCK_REALTIME, us since the Unix epoch (every record of the batch). */
  readonly receivedUs: number;
  readonly counts: ConsumeCounts;
  readonly topic: Uint8Array;
  /** receivedUs - intended send time, us (corrected for coordinated omission). */
  readonly e2eUs: Float64Array;
  /** receivedUs - actual send time, us. */
  readonly e2eUncorrectedUs: Float64Array;
  /** Partition EOFs seen (only with enable.partition.eof=true): not errors. */
  readonly eof: number;
  /** Offset resets: report each one (e.g. `skipped` records lost to retention). */
  readonly resets: readonly OffsetReset[];
  /**
   * This run's records received for the first time that carried a `traceparent` header (--trace-sample), all
   * received at `receivedUs`: for their consume spans.
   */
  readonly traced: readonly TracedRecord[];
  /** Errors in this poll other than EOF and resets (a partition's fetch failing, the client's errors), and the last one's text. */
  readonly errors: number;
  readonly error: string | null;
  /** The client's last error (a security failure outlives the errors after it) until records arrive again, else null. */
  readonly lastError: string | null;
  /** A fatal error, once raised: the consumer cannot continue. */
  readonly fatal: string | null;
}

/** The next offset to read in an assigned partition; negative: the logical offset it was assigned at, nothing read yet. */
export interface PartitionPosition {
  readonly topicIndex: number;
  readonly partition: number;
  readonly offset: number;
  /** The partition's high watermark as last fetched (librdkafka's cache: no request), or -1 before one came. */
  readonly high: number;
}

/** What the native parser reads from an `lg` header value (addon.parseStamp, for tests). */
export interface ParsedStamp {
  /** The bytes before the first '/', one char per byte (latin1, as measure.ts decodes headers). */
  readonly runId: string;
  readonly producerId: number;
  readonly slot: number;
  readonly intendedUs: number;
  readonly actualUs: number;
}

/** The addon's raw Consumer (native/src/consumer_wrap.cc). */
export interface RawConsumer {
  metadata(timeoutMs: number): number[];
  assign(assignments: readonly ConsumerAssignment[]): void;
  pause(paused: boolean): void;
  watermarks(topicIndex: number, partition: number, timeoutMs: number): { low: number; high: number };
  poll(maxMessages: number, timeoutMs: number): ConsumeResult;
  positions(): PartitionPosition[];
  receivedSlots(producerId: number): ReceivedSlotPages;
  producers(): number[];
  counts(): ConsumeCounts;
  runId(): string | null;
  close(): void;
}

export type RawConsumerConstructor = new (config: Record<string, string>, topics: readonly string[], runId: string | null) => RawConsumer;
