// Generating a chunk of the run: `count` consecutive send slots simulated, validated, serialised and
// encoded as one batch (src/events/batch.ts). Shared by the generator threads (which hand chunks to the main
// thread's sender) and the producer threads (which produce them themselves).
import { BatchWriter } from '../events/batch.js';
import { GenerationPipeline, appendRecord, type PipelineOptions } from '../events/pipeline.js';
import { loadEventValidators } from '../events/event-validators.js';
import type { Scenario } from '../model/scenario.js';
import { scheduledAt, type Schedule } from './pacer.js';
import { purchaseBoostOf, type Spike } from './load-profile.js';
import { isSampled, traceContextOf, type TraceContext } from '../events/trace-context.js';

export interface ChunkSpec {
  readonly schedule: Schedule;
  /** Slot 0's intended time, Unix ms. */
  readonly startMs: number;
  readonly firstSlot: number;
  readonly count: number;
  /** --trace-sample: the fraction of valid events sent with a traceparent header (default 0). */
  readonly traceSample?: number;
}

/** A record of the chunk sampled for tracing: its index in the chunk, trace context and intended time. */
export interface SampledRecord extends TraceContext {
  readonly record: number;
  readonly topicIndex: number;
  readonly timeMs: number;
}

/**
 * A chunk generated a few records at a time, so a producer thread can build its next chunk in the gaps
 * between the current chunk's send times instead of all at once (which held back the records due meanwhile).
 */
export class ChunkBuilder {
  private readonly writer: BatchWriter;
  private generated = 0;
  /** The chunk's records sampled for tracing, in record order. */
  readonly sampled: SampledRecord[] = [];

  /** `reuse`: a batch already produced, written over (see BatchWriter). */
  constructor(
    private readonly pipeline: GenerationPipeline,
    readonly spec: ChunkSpec,
    reuse?: ArrayBuffer,
  ) {
    this.writer = new BatchWriter(spec.count * 512, true, reuse);
  }

  get done(): boolean {
    return this.generated >= this.spec.count;
  }

  /** Generates up to `records` more records. --rate max has no schedule: an event's time is when it is generated. */
  step(records: number): void {
    const { schedule, startMs, firstSlot, count, traceSample = 0 } = this.spec;
    const max = schedule.kind === 'max';
    const end = Math.min(count, this.generated + records);
    for (let i = this.generated; i < end; i++) {
      const timeMs = max ? Date.now() : startMs + scheduledAt(schedule, firstSlot + i) * 1000;
      const record = this.pipeline.next(timeMs);
      if (!record) throw new Error('an unbounded generator stream ended');
      appendRecord(this.writer, record);
      // Valid events only: an injected invalid one is meant to be refused downstream, not followed.
      const eventId = traceSample > 0 && record.event !== null && !record.injected ? record.event.event_id : undefined;
      if (eventId !== undefined && isSampled(eventId, traceSample)) {
        const context = traceContextOf(eventId);
        if (context) this.sampled.push({ ...context, record: i, topicIndex: record.topicIndex, timeMs });
      }
    }
    this.generated = end;
  }

  /** The chunk's batch, generating what is left first. */
  finish(): ArrayBuffer {
    this.step(this.spec.count);
    return this.writer.finish();
  }
}

/** The chunk's batch, generated at once. */
export function generateChunk(pipeline: GenerationPipeline, spec: ChunkSpec): ArrayBuffer {
  return new ChunkBuilder(pipeline, spec).finish();
}

/**
 * The generation pipeline's purchase boost for a profile's flash sales (src/engine/load-profile.ts), by an
 * event's intended time against the run's start (read when needed: it is fixed after the threads start).
 */
export function purchaseBoostOption(spikes: readonly Spike[], startMs: () => number): { purchaseBoost?: (timeMs: number) => number } {
  const boost = purchaseBoostOf(spikes);
  return boost ? { purchaseBoost: (timeMs) => boost((timeMs - startMs()) / 1000) } : {};
}

/**
 * What a generator or producer thread generates with: its stream, the run's validators (loaded from their
 * code) and the run's shared product rows. The thread adds its invalid-event injection and purchase boost.
 */
export function generationOptions(
  task: { readonly seed: number; readonly scenario: Scenario; readonly validators: string; readonly catalogRows?: SharedArrayBuffer },
  stream: number,
  streams: number,
): PipelineOptions {
  const registry = loadEventValidators(task.validators);
  return { seed: task.seed, stream, streams, scenario: task.scenario, registry, ...(task.catalogRows ? { catalogRows: task.catalogRows } : {}) };
}

/** The warm-up's one batch, written over (see warmUp). */
const WARM_UP_BATCH_BYTES = 256 * 1024;

/**
 * Runs the generation path on a throwaway stream before the clock starts, so the first seconds of a run are
 * not spent compiling (cold, the first second of a 50,000 events/s run was hundreds of ms late). 20,000
 * events (about 0.1 s per thread): with 5,000, 8 threads at 50,000 events/s still sent the first second's
 * records 18-51 ms late (p99), with 20,000 3-6 ms (runs of 6 s, START_LEAD_MS of 250 in both).
 */
export function warmUp(options: PipelineOptions): void {
  // Few open sessions: enough to exercise every path, without a second full set of state lingering in memory.
  // The same seed (and the thread's shared product rows): what it generates is thrown away, but the products
  // it reads are the run's own.
  const { seed, stream, streams, scenario, registry, catalogRows } = options;
  const light = { ...scenario, sessions: { ...scenario.sessions, concurrency: 100 * streams } }; // 100 in this stream
  const pipeline = new GenerationPipeline({ seed, stream, streams, scenario: light, registry, ...(catalogRows ? { catalogRows } : {}) });
  // One 256 KB batch written over and over: a growing one reached 8 MB and left 15 MB of buffers behind per
  // thread, which with eight threads was most of a run's peak memory (they are freed only by a full GC).
  let writer = new BatchWriter(WARM_UP_BATCH_BYTES);
  const t = Date.now();
  // Slots in pairs 7.4 ms apart: fractional times, as a run's are, and 74 s of them, so that a catalog bucket
  // boundary is crossed and the catalog-update path is compiled too; the two of a pair fall in the same
  // millisecond, as a busy thread's do, so the time formatter's reuse of its last text is compiled too
  // (without it, every thread's first events of a run deoptimised there: "Insufficient type feedback").
  for (let i = 0; i < 20_000; i++) {
    const record = pipeline.next(t + (i >> 1) * 7.4 + (i & 1) * 0.25);
    if (record && !appendRecord(writer, record)) {
      writer = new BatchWriter(WARM_UP_BATCH_BYTES, false, writer.finish());
      appendRecord(writer, record);
    }
  }
}
