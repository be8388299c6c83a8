// The batch format that carries encoded events from a generator thread to the producer: one ArrayBuffer
// (transferable, so it moves between threads without a copy) holding records back to back.
//
//   batch  := u32 magic | u32 record count | u32 bytes used | u32 reserved | record*
//   record := u32 value length (0xFFFFFFFF: null value, a tombstone) | u16 key length | u8 topic index
//             | u8 invalid reason (0: valid; else an INVALID_REASONS index + 1) | f64 intended send time (Unix ms)
//             | key bytes | value bytes
//
// Keys and values of valid events are ASCII (the schemas allow nothing else), so they are written as latin1,
// the fastest Buffer encoding; injected invalid events are written as UTF-8.

import { JsonBytes, OVERFLOW } from './json-bytes.js';
import { writeEvent } from './serializers.js';
import type { LoadgenEvent } from './types.generated.js';

const MAGIC = 0x4c474231; // "LGB1"
export const BATCH_HEADER_BYTES = 16;
const RECORD_HEADER_BYTES = 16;
const NULL_VALUE = 0xffffffff;

export interface BatchRecord {
  readonly topic: number;
  /** 0 for a valid event, else 1 + index into INVALID_REASONS. */
  readonly invalid: number;
  readonly timeMs: number;
  readonly key: Buffer;
  /** null for a tombstone. */
  readonly value: Buffer | null;
}

export class BatchWriter {
  private buffer: Buffer;
  private view: DataView;
  private offset = BATCH_HEADER_BYTES;
  private records = 0;
  private readonly json = new JsonBytes();

  /**
   * With `grow`, a record that does not fit doubles the buffer instead of being refused. `reuse`: a finished
   * batch that nothing reads any more, written over instead of allocating (its old bytes past the new
   * records are never read: the header says where they end).
   */
  constructor(
    private capacityBytes: number,
    private readonly grow = false,
    reuse?: ArrayBuffer,
  ) {
    const buffer = reuse !== undefined && reuse.byteLength >= capacityBytes ? reuse : new ArrayBuffer(capacityBytes);
    this.capacityBytes = buffer.byteLength;
    this.buffer = Buffer.from(buffer);
    this.view = new DataView(buffer);
  }

  get capacity(): number {
    return this.capacityBytes;
  }

  get count(): number {
    return this.records;
  }

  /** Appends a record; false (and nothing written) when it does not fit. */
  append(topic: number, invalid: number, timeMs: number, key: string, value: string | null): boolean {
    const ascii = invalid === 0;
    const keyBytes = ascii ? key.length : Buffer.byteLength(key);
    const valueBytes = value === null ? 0 : ascii ? value.length : Buffer.byteLength(value);
    const end = this.offset + RECORD_HEADER_BYTES + keyBytes + valueBytes;
    if (end > this.capacityBytes) {
      if (!this.grow) return false;
      this.resize(Math.max(end, this.capacityBytes * 2));
    }
    const at = this.offset;
    this.header(at, value === null ? NULL_VALUE : valueBytes, keyBytes, topic, invalid, timeMs);
    const encoding = ascii ? 'latin1' : 'utf8';
    this.buffer.write(key, at + RECORD_HEADER_BYTES, keyBytes, encoding);
    if (value !== null) this.buffer.write(value, at + RECORD_HEADER_BYTES + keyBytes, valueBytes, encoding);
    this.offset = end;
    this.records++;
    return true;
  }

  /**
   * Appends a valid event, its JSON written straight into the batch (json-bytes.ts); the same bytes as
   * append() with serializeEvent(event). False (and nothing written) when it does not fit.
   */
  appendEvent(topic: number, timeMs: number, key: string, event: LoadgenEvent): boolean {
    for (;;) {
      const at = this.offset;
      const w = this.json;
      w.target(this.buffer, at + RECORD_HEADER_BYTES, this.capacityBytes);
      try {
        w.text(key);
        const keyEnd = w.at;
        writeEvent(w, event);
        this.header(at, w.at - keyEnd, keyEnd - at - RECORD_HEADER_BYTES, topic, 0, timeMs);
        this.offset = w.at;
        this.records++;
        return true;
      } catch (err) {
        if (err !== OVERFLOW) throw err;
        if (!this.grow) return false;
        this.resize(this.capacityBytes * 2);
      }
    }
  }

  /** The record header at `at` (see the format above). */
  private header(at: number, valueLength: number, keyBytes: number, topic: number, invalid: number, timeMs: number): void {
    const v = this.view;
    v.setUint32(at, valueLength, true);
    v.setUint16(at + 4, keyBytes, true);
    v.setUint8(at + 6, topic);
    v.setUint8(at + 7, invalid);
    v.setFloat64(at + 8, timeMs, true);
  }

  private resize(bytes: number): void {
    const next = Buffer.from(new ArrayBuffer(bytes));
    this.buffer.copy(next, 0, 0, this.offset);
    this.buffer = next;
    this.view = new DataView(next.buffer);
    this.capacityBytes = bytes;
  }

  /** The finished batch; the writer must not be used afterwards (the buffer may be transferred). */
  finish(): ArrayBuffer {
    this.view.setUint32(0, MAGIC, true);
    this.view.setUint32(4, this.records, true);
    this.view.setUint32(8, this.offset, true);
    return this.buffer.buffer as ArrayBuffer;
  }
}

/**
 * Walks a finished batch record by record without allocating per record (the sender's hot path); key and
 * value are views into the batch.
 */
export class BatchCursor {
  private readonly view: DataView;
  private readonly count: number;
  private index = 0;
  private at = BATCH_HEADER_BYTES;
  topic = 0;
  invalid = 0;
  timeMs = 0;
  key: Buffer = Buffer.alloc(0);
  value: Buffer | null = null;

  constructor(private readonly batch: ArrayBuffer) {
    this.view = new DataView(batch);
    if (this.view.byteLength < BATCH_HEADER_BYTES || this.view.getUint32(0, true) !== MAGIC) throw new Error('not a loadgen batch');
    this.count = this.view.getUint32(4, true);
  }

  /** Loads the next record into the fields; false when there are no more. */
  next(): boolean {
    if (this.index >= this.count) return false;
    const v = this.view;
    const at = this.at;
    const valueLength = v.getUint32(at, true);
    const keyLength = v.getUint16(at + 4, true);
    const start = at + RECORD_HEADER_BYTES;
    const valueBytes = valueLength === NULL_VALUE ? 0 : valueLength;
    this.topic = v.getUint8(at + 6);
    this.invalid = v.getUint8(at + 7);
    this.timeMs = v.getFloat64(at + 8, true);
    this.key = Buffer.from(this.batch, start, keyLength);
    this.value = valueLength === NULL_VALUE ? null : Buffer.from(this.batch, start + keyLength, valueBytes);
    this.at = start + keyLength + valueBytes;
    this.index++;
    return true;
  }
}

/** The records of a finished batch; keys and values are views into it, not copies. */
export function* readBatch(batch: ArrayBuffer): Generator<BatchRecord> {
  const cursor = new BatchCursor(batch);
  while (cursor.next()) yield { topic: cursor.topic, invalid: cursor.invalid, timeMs: cursor.timeMs, key: cursor.key, value: cursor.value };
}
