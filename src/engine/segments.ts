// Where an event belongs on its run's timeline, by its intended time: the warm-up (--warmup: its figures
// are kept apart, out of the run's) or one of the run's phases (a config file's "phases": in the run's
// figures and in the phase's own). The producer threads tell by slot (exact); the node-rdkafka sender and
// the consumers by intended time, cut midway between the last slot before a boundary and the first after
// it, so rounding (the consumer sees intended times to the microsecond) cannot move a record across.
import { scheduledAt, totalSlots, warmupSlots, type Schedule } from './pacer.js';
import { slotsBefore } from './rate-curve.js';

/** The warm-up's segment. */
export const WARMUP = -1;
/** An event's segment: WARMUP, a phase's index, or null (a run without phases, after any warm-up). */
export type Segment = number | null;

export interface Timeline {
  /** Slots intended in the warm-up (0: none); null for --rate max, whose warm-up is by time. */
  readonly warmupSlots: number | null;
  /** Seconds from the start at which the warm-up ends (0: none). */
  readonly warmupEndS: number;
  /** Each phase's first slot (the first phase's is 0); empty without phases. */
  readonly phaseSlots: readonly number[];
  /** Each phase's start, seconds from the start (the first phase's is 0). */
  readonly phaseStartsS: readonly number[];
}

/** The timeline of a schedule whose phases start at these seconds (none: a run without phases). */
export function timelineOf(schedule: Schedule, phaseStartsS: readonly number[] = []): Timeline {
  const slots = warmupSlots(schedule);
  const phaseSlots = phaseStartsS.map((s) => (s <= 0 ? 0 : slotsBeforeTime(schedule, s)));
  return {
    warmupSlots: slots,
    warmupEndS: slots === null ? schedule.warmup : cutBefore(schedule, slots, schedule.warmup),
    phaseSlots,
    phaseStartsS: phaseSlots.map((slot, i) => cutBefore(schedule, slot, phaseStartsS[i] ?? 0)),
  };
}

/** The segment of the run's slot `slot`; `sinceStartS` (when it was sent) only matters for --rate max. */
export function segmentOfSlot(t: Timeline, slot: number, sinceStartS: number): Segment {
  if (t.warmupSlots === null ? t.warmupEndS > 0 && sinceStartS < t.warmupEndS : slot < t.warmupSlots) return WARMUP;
  return t.phaseSlots.length === 0 ? null : lastAtOrBelow(t.phaseSlots, slot);
}

/** A producer thread's view of the timeline: its stream's chunks (null when the run has neither a warm-up nor phases). */
export function threadTimeline(task: { readonly timeline: Timeline; readonly chunkSlots: number; readonly stream: number; readonly streams: number }): { timeline: Timeline; chunkSlots: number; stream: number; streams: number } | null {
  return hasSegments(task.timeline) ? { timeline: task.timeline, chunkSlots: task.chunkSlots, stream: task.stream, streams: task.streams } : null;
}

/** True when the run has a warm-up or phases, so events' segments matter. */
export function hasSegments(t: Timeline): boolean {
  return t.warmupEndS > 0 || t.phaseSlots.length > 0;
}

/** The segment of an event intended `sinceStartS` seconds after the start. */
export function segmentOfTime(t: Timeline, sinceStartS: number): Segment {
  // Without a warm-up, nothing is the warm-up's: slot 0's intended time, stamped to the microsecond, can
  // read as a hair before the start.
  if (t.warmupEndS > 0 && sinceStartS < t.warmupEndS) return WARMUP;
  return t.phaseStartsS.length === 0 ? null : lastAtOrBelow(t.phaseStartsS, sinceStartS);
}

/** The index of the last boundary at or below `value` (0 when it is below them all). */
function lastAtOrBelow(bounds: readonly number[], value: number): number {
  let i = bounds.length - 1;
  while (i > 0 && (bounds[i] as number) > value) i--;
  return i;
}

/** Slots intended strictly before `s` seconds (as warmupSlots() counts them). */
function slotsBeforeTime(schedule: Schedule, s: number): number {
  return schedule.kind === 'max' ? 0 : Math.min(slotsBefore(schedule.curve, s), totalSlots(schedule));
}

/** Midway between the intended times of slots `slot - 1` and `slot` (`fallback` when either is missing). */
function cutBefore(schedule: Schedule, slot: number, fallback: number): number {
  if (schedule.kind === 'max' || slot === 0) return fallback;
  const next = scheduledAt(schedule, slot);
  return Number.isFinite(next) ? (scheduledAt(schedule, slot - 1) + next) / 2 : fallback;
}
