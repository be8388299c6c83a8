// The consumer's side of the run's timeline (src/engine/segments.ts): each record's end-to-end values go to
// its segment (the warm-up, a phase), found from its intended time and the run's start.
import type { LatencyRecorder } from './histograms.js';
import { segmentOfTime, type Segment, type Timeline } from './segments.js';

/** Records held while the run's start is not known yet: a few ms' worth at most, far more would be a stuck start. */
export const MAX_HELD = 100_000;

/**
 * Records each value in its segment of the run's timeline (the warm-up, a phase), which needs the run's start.
 * The start reaches the consumer with the companion's start message, and a busy machine can deliver the
 * first records before it: those are held and recorded once the start is known (or, past MAX_HELD or at the
 * end, without a segment), never put in the wrong one.
 */
export class SegmentedRecords {
  private held: { topic: string; e2e: number; uncorrected: number; intendedUs: number }[] = [];

  constructor(
    private readonly latency: LatencyRecorder,
    private readonly timeline: Timeline | undefined,
    private readonly startMs: () => number,
  ) {}

  record(topic: string, e2e: number, uncorrected: number, intendedUs: number): void {
    const start = this.startMs();
    if (this.timeline !== undefined && start === 0 && this.held.length < MAX_HELD) {
      this.held.push({ topic, e2e, uncorrected, intendedUs });
    } else {
      this.flush();
      this.put(topic, e2e, uncorrected, this.segmentOf(intendedUs, start));
    }
  }

  /** Records what is held: in its segment if the start is known by now. */
  flush(): void {
    const held = this.held;
    if (held.length === 0) return;
    this.held = [];
    const start = this.startMs();
    for (const h of held) this.put(h.topic, h.e2e, h.uncorrected, this.segmentOf(h.intendedUs, start));
  }

  /** The segment of a record intended at `intendedUs`, given the run's start (0: not known: none). */
  private segmentOf(intendedUs: number, startMs: number): Segment {
    return this.timeline === undefined || startMs === 0 ? null : segmentOfTime(this.timeline, (intendedUs / 1000 - startMs) / 1000);
  }

  private put(topic: string, e2e: number, uncorrected: number, segment: Segment): void {
    this.latency.record('e2e', topic, e2e, segment);
    this.latency.record('e2e_uncorrected', topic, uncorrected, segment);
  }
}
