// Integrity checks on what the consumer receives, from each record's stamp (src/events/record-header.ts):
//   duplicates    a (producer, slot) received more than once
//   out_of_order  a slot lower than one already received from the same producer in the same partition; a
//                 partition is appended in send order, so this also covers order within a key
//   lost          acked but never received (against the producer's acked slots), or, for a consumer running
//                 alone, gaps in each producer's slot sequence between the lowest and highest received
// Records of other runs (or without a stamp) are counted apart and otherwise ignored.
import type { RecordStamp } from '../events/record-header.js';
import { SlotSet, missingAcross } from '../engine/slot-set.js';

export type Observation = 'counted' | 'duplicate' | 'foreign' | 'unstamped';

export interface IntegrityCounts {
  /** Distinct records of the run received. */
  readonly received: number;
  readonly duplicates: number;
  readonly out_of_order: number;
  /** Records of other runs or tools on the same topics (ignored). */
  readonly foreign: number;
  /** Records without a readable stamp (ignored). */
  readonly unstamped: number;
}

/** What a measurement's integrity state offers its readers (IntegrityTracker, or consumer threads' merged state). */
export interface IntegrityView {
  /** The run checked (null: no stamped record was seen). */
  readonly runId: string | null;
  counts(): IntegrityCounts;
  /** The received slots of each producer. */
  receivedSlots(): ReadonlyMap<number, SlotSet>;
}

/** Partitions per topic that the order index can address. */
const MAX_PARTITIONS = 65_536;

export class IntegrityTracker implements IntegrityView {
  private readonly slots = new Map<number, SlotSet>();
  /** The highest slot seen per (producer, topic, partition). */
  private readonly highest = new Map<number, number>();
  private readonly topicIndex = new Map<string, number>();
  private duplicates = 0;
  private outOfOrder = 0;
  private foreign = 0;
  private unstamped = 0;

  /** @param runId the run to check; null adopts the run of the first stamped record (a consumer run alone). */
  constructor(public runId: string | null) {}

  observe(topic: string, partition: number, stamp: RecordStamp | null): Observation {
    if (stamp === null) {
      this.unstamped++;
      return 'unstamped';
    }
    this.runId ??= stamp.runId;
    if (stamp.runId !== this.runId) {
      this.foreign++;
      return 'foreign';
    }
    let set = this.slots.get(stamp.producerId);
    if (!set) this.slots.set(stamp.producerId, (set = new SlotSet()));
    if (!set.add(stamp.slot)) {
      this.duplicates++;
      return 'duplicate';
    }
    let t = this.topicIndex.get(topic);
    if (t === undefined) this.topicIndex.set(topic, (t = this.topicIndex.size));
    const key = (stamp.producerId * 1024 + t) * MAX_PARTITIONS + partition;
    const highest = this.highest.get(key) ?? -1;
    if (stamp.slot < highest) this.outOfOrder++;
    else this.highest.set(key, stamp.slot);
    return 'counted';
  }

  counts(): IntegrityCounts {
    let received = 0;
    for (const set of this.slots.values()) received += set.size;
    return { received, duplicates: this.duplicates, out_of_order: this.outOfOrder, foreign: this.foreign, unstamped: this.unstamped };
  }

  /** The received slots of each producer. */
  receivedSlots(): ReadonlyMap<number, SlotSet> {
    return this.slots;
  }
}

/** Acked slots that were never received, over all producers. */
export function lostAgainst(acked: ReadonlyMap<number, SlotSet>, received: ReadonlyMap<number, SlotSet>): number {
  return missingAcross(acked, received);
}

/** Received slots that were not acked (the producer counted them failed, yet they were written). */
export function unexpectedAgainst(acked: ReadonlyMap<number, SlotSet>, received: ReadonlyMap<number, SlotSet>): number {
  return missingAcross(received, acked);
}

/** Gaps in each producer's received sequence: the loss a consumer running alone can see. */
export function gapsIn(received: ReadonlyMap<number, SlotSet>): number {
  let gaps = 0;
  for (const set of received.values()) gaps += set.gaps();
  return gaps;
}
