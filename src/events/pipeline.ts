// The generation path of one thread: simulate an event, validate it against its schema, serialise it, and
// hand it on as a record (or append it to a batch). An event that fails validation is never passed on: it
// is counted by reason and the slot is filled by the next event, so the send schedule keeps its rate.
import { EventStream, type StreamOptions } from '../model/event-stream.js';
import { Random } from '../model/random.js';
import type { BatchWriter } from './batch.js';
import { EVENT_TYPES, ROUTES, type EventType } from './event-types.js';
import { INVALID_REASONS, mutate, type InvalidReason } from './invalid-injection.js';
import type { EventValidator } from './event-validators.js';
import type { LoadgenEvent } from './types.generated.js';
import { serializeEvent } from './serializers.js';

export interface PipelineOptions extends StreamOptions {
  readonly registry: EventValidator;
  /** Fraction in [0, 1] of events replaced by a deliberately invalid version of themselves. */
  readonly injectInvalid?: number;
}

export interface PipelineRecord {
  readonly type: EventType;
  readonly topic: string;
  /** Index of the topic in TOPICS (EVENT_TYPES order), as stored in batches. */
  readonly topicIndex: number;
  readonly key: string;
  /** JSON text, or null for a tombstone. */
  readonly value: string | null;
  readonly timeMs: number;
  /** The event as generated (before any deliberate breakage); null for a tombstone. */
  readonly event: LoadgenEvent | null;
  /** Set on deliberately injected invalid events: which rule was broken, and the validator's message. */
  readonly injected?: { readonly reason: string; readonly message: string } | undefined;
}

/** Generation faults found by validation: these events were dropped, never sent. */
export type InvalidCounts = Map<string, number>;

const TOPIC_INDEX: Readonly<Record<EventType, number>> = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;
/** A generator that produces nothing valid this many times in a row is broken; stop rather than spin. */
const MAX_CONSECUTIVE_INVALID = 1000;

/**
 * A record as next() makes it: a valid event's JSON text is only made when `value` is read, because a batch
 * takes the event's bytes directly (appendRecord, BatchWriter.appendEvent) and the hot path never needs it.
 */
class GeneratedRecord implements PipelineRecord {
  private text: string | null | undefined;

  constructor(
    readonly type: EventType,
    readonly topic: string,
    readonly topicIndex: number,
    readonly key: string,
    readonly timeMs: number,
    readonly event: LoadgenEvent | null,
    text: string | null | undefined,
    readonly injected: PipelineRecord['injected'] = undefined,
  ) {
    this.text = text;
  }

  get value(): string | null {
    if (this.text === undefined) this.text = this.event === null ? null : serializeEvent(this.event);
    return this.text;
  }

  /** The event to write as bytes: a valid one whose text nobody has asked for; else null. */
  get unwritten(): LoadgenEvent | null {
    return this.text === undefined ? this.event : null;
  }
}

/** Appends a record to a batch, with its invalid-reason code (0: valid; else 1 + INVALID_REASONS index). */
export function appendRecord(writer: BatchWriter, record: PipelineRecord): boolean {
  const event = record instanceof GeneratedRecord ? record.unwritten : null;
  if (event !== null) return writer.appendEvent(record.topicIndex, record.timeMs, record.key, event);
  const invalid = record.injected ? 1 + INVALID_REASONS.indexOf(record.injected.reason as InvalidReason) : 0;
  return writer.append(record.topicIndex, invalid, record.timeMs, record.key, record.value);
}

export class GenerationPipeline {
  readonly stream: EventStream;
  readonly invalid: InvalidCounts = new Map();
  readonly injected = new Map<string, number>();
  private readonly registry: EventValidator;
  private readonly injectInvalid: number;
  private readonly injectRandom: Random;
  /** Slots generated so far by fill(); the next slot's index. */
  slot = 0;
  private pending: PipelineRecord | undefined;

  constructor(options: PipelineOptions) {
    this.stream = new EventStream(options);
    this.registry = options.registry;
    this.injectInvalid = options.injectInvalid ?? 0;
    // Its own random stream: injecting changes which events are broken, never the sessions themselves.
    this.injectRandom = new Random(options.seed ^ 0x5bd1e995, options.stream);
  }

  /** The record for a slot intended at `timeMs`, or null when a bounded stream has finished. */
  next(timeMs: number): PipelineRecord | null {
    for (let attempt = 0; attempt < MAX_CONSECUTIVE_INVALID; attempt++) {
      const event = this.stream.next(timeMs);
      if (!event) return null;
      const topicIndex = TOPIC_INDEX[event.type];
      const topic = ROUTES[event.type].topic;
      if (event.value === null) return new GeneratedRecord(event.type, topic, topicIndex, event.key, timeMs, null, null);
      const problem = this.registry.validateEvent(event.type, event.value);
      if (problem) {
        const reason = `${event.type}: ${problem}`;
        this.invalid.set(reason, (this.invalid.get(reason) ?? 0) + 1);
        continue;
      }
      if (this.injectInvalid > 0 && this.injectRandom.next() < this.injectInvalid) {
        const reason = INVALID_REASONS[this.injectRandom.int(INVALID_REASONS.length)] ?? 'missing_field';
        const broken = mutate(event.value, reason);
        const message = this.registry.validateEvent(event.type, broken) ?? 'mutation did not break the schema';
        this.injected.set(reason, (this.injected.get(reason) ?? 0) + 1);
        return new GeneratedRecord(event.type, topic, topicIndex, event.key, timeMs, event.value, JSON.stringify(broken), { reason, message });
      }
      return new GeneratedRecord(event.type, topic, topicIndex, event.key, timeMs, event.value, undefined);
    }
    throw new Error(`the generator produced ${MAX_CONSECUTIVE_INVALID} invalid events in a row: ${[...this.invalid.keys()].slice(-1)[0] ?? ''}`);
  }

  /**
   * Generates records for consecutive slots into `writer` until `count` were added, the batch is full, or a
   * bounded stream ends; returns how many were added. A record that did not fit is kept and goes first into
   * the next batch, so nothing generated is ever dropped.
   */
  fill(writer: BatchWriter, count: number, timeOfSlot: (slot: number) => number): number {
    let added = 0;
    while (added < count) {
      const record = this.pending ?? this.next(timeOfSlot(this.slot));
      if (!record) break;
      if (!this.pending) this.slot++;
      if (!appendRecord(writer, record)) {
        if (writer.count === 0) throw new Error(`batch capacity ${writer.capacity} is too small for one record`);
        this.pending = record;
        break;
      }
      this.pending = undefined;
      added++;
    }
    return added;
  }
}
