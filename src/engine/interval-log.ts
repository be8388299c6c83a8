// HdrHistogram interval logs (.hlog): one compressed histogram per interval (a second here), in the format
// HdrHistogram's own tools read (HistogramLogProcessor, HistogramLogAnalyzer, hdr-histogram-js's reader).
// Values are microseconds; the Interval_Max column is in milliseconds. Per-topic histograms are tagged lines
// (Tag=<topic>) beside the untagged overall one, as the format allows.
//
// The log is built in memory (a few KB per second and metric) and written with the results, so a run that
// is ended by a second signal still leaves its logs.
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from './histograms.js';

/** hdr-histogram-js's marker for an untagged histogram. */
const NO_TAG = 'NO TAG';

export class IntervalLog {
  private readonly lines: string[] = [];
  private readonly writer = new hdr.HistogramLogWriter((text) => this.lines.push(text));

  /** @param baseMs the run's start (slot 0's intended time), Unix ms: interval times are seconds after it. */
  constructor(readonly baseMs: number) {}

  /** Adds one interval: `histogram` covers startMs..endMs (Unix ms); `tag` marks a per-topic histogram. */
  add(histogram: Histogram, startMs: number, endMs: number, tag?: string): void {
    if (tag !== undefined) histogram.tag = tag.replace(/[,\s]/g, '_');
    this.writer.outputIntervalHistogram(histogram, (startMs - this.baseMs) / 1000, (endMs - this.baseMs) / 1000, 1000);
  }

  /** The whole log: the header HdrHistogram's readers expect, then the intervals. */
  render(comment: string): string {
    const base = (this.baseMs / 1000).toFixed(3);
    return (
      `#${comment}\n` +
      '#[Histogram log format version 1.3]\n' +
      `#[StartTime: ${base} (seconds since epoch), ${new Date(this.baseMs).toISOString()}]\n` +
      `#[BaseTime: ${base} (seconds since epoch)]\n` +
      '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n' +
      this.lines.join('')
    );
  }
}

/** One interval of a log, as read back. */
export interface LoggedInterval {
  /** Seconds after the log's start. */
  readonly startS: number;
  readonly endS: number;
  readonly tag: string | null;
  readonly histogram: Histogram;
}

/** Reads a .hlog's intervals (throws on a damaged log). */
export function readIntervalLog(text: string): LoggedInterval[] {
  const reader = new hdr.HistogramLogReader(text, 32, false);
  const intervals: LoggedInterval[] = [];
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    intervals.push({ startS: round3(h.startTimeStampMsec / 1000 - reader.baseTimeSec), endS: round3(h.endTimeStampMsec / 1000 - reader.baseTimeSec), tag: h.tag === undefined || h.tag === NO_TAG ? null : h.tag, histogram: h });
  }
  return intervals;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
