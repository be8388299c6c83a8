// The producer side of --trace-sample: each sampled record becomes one span, from when it was sent to when
// the broker acknowledged it, named by its trace context (the span id its traceparent header carries, so a
// downstream stage's span is its child). A producer thread tracks its sampled records by slot and settles
// them from its aggregate delivery results: the only per-record work is a lookup per acked record, and only
// while sampled records are in flight.
import type { SampledRecord } from './chunks.js';

export interface ProducedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly topicIndex: number;
  readonly slot: number;
  /** When the record was handed to the client, us since the Unix epoch. */
  readonly startUs: number;
  /** When its acknowledgement was served, us since the Unix epoch. */
  readonly endUs: number;
}

/** What settle() reads from a poll: the acked records' slots and latencies (PollResult's arrays). */
export interface AckedRecords {
  readonly acked: number;
  readonly slot: ArrayLike<number>;
  readonly ackUs: ArrayLike<number>;
  readonly ackUncorrectedUs: ArrayLike<number>;
  /** When the poll ended, us since the Unix epoch. */
  readonly nowUs: number;
}

/** Sampled records waiting for their ack beyond which the oldest are dropped (they failed: no span). */
export const MAX_PENDING_SPANS = 10_000;

interface Pending {
  readonly record: SampledRecord;
  /** Intended send time, us; null for --rate max, where it is the send time itself. */
  readonly intendedUs: number | null;
}

export class ProducerSpans {
  private readonly pending = new Map<number, Pending>();
  private ready: ProducedSpan[] = [];
  /** Sampled records that never got an ack (failed, or dropped past MAX_PENDING_SPANS). */
  unsettled = 0;

  /** Records of a chunk about to be produced: record i has slot slotBase + i. */
  track(slotBase: number, sampled: readonly SampledRecord[], max: boolean): void {
    for (const record of sampled) {
      if (this.pending.size >= MAX_PENDING_SPANS) {
        const oldest = this.pending.keys().next().value as number;
        this.pending.delete(oldest);
        this.unsettled++;
      }
      this.pending.set(slotBase + record.record, { record, intendedUs: max ? null : record.timeMs * 1000 });
    }
  }

  /**
   * The spans of the sampled records among `acks`: ack time = intended + (ack - intended) where the intended
   * time is known, else the poll's end; send time = ack time - (ack - actual).
   */
  settle(acks: AckedRecords): void {
    if (this.pending.size === 0) return;
    for (let i = 0; i < acks.acked; i++) {
      const slot = acks.slot[i] as number;
      const p = this.pending.get(slot);
      if (!p) continue;
      this.pending.delete(slot);
      const endUs = p.intendedUs === null ? acks.nowUs : p.intendedUs + (acks.ackUs[i] as number);
      const { traceId, spanId, topicIndex } = p.record;
      this.ready.push({ traceId, spanId, topicIndex, slot, startUs: endUs - (acks.ackUncorrectedUs[i] as number), endUs });
    }
  }

  /** The spans settled since the last call. */
  take(): ProducedSpan[] {
    const spans = this.ready;
    this.ready = [];
    return spans;
  }

  /** At the end: whatever is still pending never got an ack. */
  finish(): void {
    this.unsettled += this.pending.size;
    this.pending.clear();
  }
}
