// The sending side of a run: takes generated chunks in slot order, hands each record to the producer when
// its intended time has come (at once for --rate max), and records its publish delay (actual - intended).
// A slot is never skipped: a late one goes as soon as possible and its lateness is measured, so a stalled
// generator or client shows up in the numbers instead of being hidden (coordinated omission).
import { BatchCursor } from '../events/batch.js';
import { INVALID_REASONS } from '../events/invalid-injection.js';
import { LG_HEADER, formatStamp } from '../events/record-header.js';
import type { DeliveryAccounting } from './accounting.js';
import type { LatencyRecorder } from './histograms.js';
import type { Schedule } from './pacer.js';
import { partitionFor } from './partitioner.js';
import type { EventProducer, Header } from './event-producer.js';
import type { BatchMessage } from './protocol.js';
import type { Clock } from './clock.js';
import type { Segment } from './segments.js';

/** The segment of an event by its intended time (Unix us). */
export type SegmentOf = (intendedUs: number) => Segment;

/**
 * Settles each delivery report in the accounting and records its ack latencies: ack - intended
 * (corrected) and ack - actual (uncorrected), both at the moment JavaScript sees the report, in the
 * segment (warm-up, phase) of the event's intended time.
 */
export function settleDeliveries(producer: EventProducer, accounting: DeliveryAccounting, latency: LatencyRecorder, clock: Clock, segmentOf?: SegmentOf): void {
  producer.onDelivery((delivery) => {
    const now = clock.nowUs();
    const settled = accounting.deliver(delivery, now);
    if (settled?.acked) {
      const segment = segmentOf?.(settled.intendedUs) ?? null;
      latency.record('ack', delivery.topic, now - settled.intendedUs, segment);
      latency.record('ack_uncorrected', delivery.topic, now - settled.actualUs, segment);
    }
  });
}

/** Records handed to the producer per turn before it polls and yields to the event loop. */
const TURN = 512;

export interface SenderOptions {
  readonly producer: EventProducer;
  readonly accounting: DeliveryAccounting;
  readonly latency: LatencyRecorder;
  readonly topics: readonly string[];
  readonly schedule: Schedule;
  readonly runId: string;
  /** Identifies this sender in the record headers (with the slot number it makes loss and duplicates visible). */
  readonly producerId: number;
  readonly clock: Clock;
  /** The segment (warm-up, phase) of an event intended at a time (Unix us); absent: none. */
  readonly segmentOf?: SegmentOf;
  /** The chunks this sender sends: first, first + stride, ... (default 0, 1, 2, ...: all of them). */
  readonly firstChunk?: number;
  readonly chunkStride?: number;
}

export class Sender {
  private readonly chunks = new Map<number, ArrayBuffer>();
  private cursor: BatchCursor | null = null;
  private wake: (() => void) | null = null;
  private readonly max: boolean;
  /** The next chunk to send. */
  nextChunk: number;
  private readonly stride: number;
  /** Slots handed to the producer (the next slot's number). */
  sent = 0;
  /** Times the sender found the next chunk not yet generated. */
  stalls = 0;
  /** QUEUE_FULL answers from the client (backpressure). */
  queueFull = 0;
  stopRequested = false;

  constructor(private readonly options: SenderOptions) {
    this.max = options.schedule.kind === 'max';
    this.nextChunk = options.firstChunk ?? 0;
    this.stride = options.chunkStride ?? 1;
  }

  /** A chunk arrived from a generator thread. */
  accept(message: BatchMessage): void {
    this.chunks.set(message.chunk, message.buffer);
    this.wake?.();
  }

  /** Sends slots until `total` were sent or stop() was called. */
  async run(total: number): Promise<void> {
    const { producer, clock } = this.options;
    while (this.sent < total && !this.stopRequested) {
      if (!this.cursor && !this.openNextChunk()) {
        this.stalls++;
        await this.waitForChunk(50);
        continue;
      }
      const blocked = this.sendDue();
      producer.poll();
      if (blocked) {
        await clock.sleep(1); // the client's queue is full: give librdkafka time to drain it
      } else if (this.cursor && !this.max) {
        const waitMs = (this.cursor.timeMs * 1000 - clock.nowUs()) / 1000;
        await clock.sleep(waitMs > 2 ? Math.min(waitMs - 1, 20) : 0);
      } else {
        await clock.sleep(0);
      }
    }
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  private openNextChunk(): boolean {
    const buffer = this.chunks.get(this.nextChunk);
    if (!buffer) return false;
    this.chunks.delete(this.nextChunk);
    this.nextChunk += this.stride;
    const cursor = new BatchCursor(buffer);
    this.cursor = cursor.next() ? cursor : null;
    return true;
  }

  /** Sends the due records of the current chunk, up to a turn's worth; true if the client pushed back. */
  private sendDue(): boolean {
    const { producer, accounting, latency, topics, clock, runId, producerId } = this.options;
    for (let n = 0; n < TURN && this.cursor; n++) {
      const c = this.cursor;
      const now = clock.nowUs();
      const intendedUs = this.max ? now : c.timeMs * 1000;
      if (intendedUs > now) return false;
      const topic = topics[c.topic] as string;
      const partition = partitionFor(c.key, producer.partitions(topic));
      const headers: Header[] = [{ [LG_HEADER]: formatStamp({ runId, producerId, slot: this.sent, intendedUs, actualUs: now }) }];
      if (c.invalid > 0) headers.push({ 'loadgen-invalid': INVALID_REASONS[c.invalid - 1] ?? 'unknown' });
      const outcome = producer.send(topic, partition, c.value, c.key, Math.floor(c.timeMs), headers);
      if (outcome === 'queue_full') {
        this.queueFull++;
        return true;
      }
      if (outcome === 'queued') accounting.produce(c.topic, partition, intendedUs, now, c.value?.length ?? 0, this.sent);
      else accounting.reject(c.topic, outcome.rejected);
      latency.record('publish_delay', topic, now - intendedUs, this.options.segmentOf?.(intendedUs) ?? null);
      this.sent++;
      if (!c.next()) this.cursor = null;
    }
    return false;
  }

  private waitForChunk(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}
