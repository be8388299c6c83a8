// Latency histograms: HdrHistograms in microseconds with 3 significant digits and a fixed range (1 us to one
// hour), so memory is bounded whatever a run does. Values are recorded per topic; the overall view is the
// sum. Threads merge histograms as compressed encodings, never as samples (as autocannon does).
import { addEncoded, recordFast } from './histogram-internals.js';
import { buildHistogram, decodeCompressed, encodeCompressed, type Histogram } from './histogram-library.js';
import { WARMUP, type Segment } from './segments.js';

export { addEncoded, recordFast, type Histogram };

/** One hour in microseconds: the largest latency recorded; anything longer is recorded as one hour. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export function newHistogram(): Histogram {
  return buildHistogram(1, HIGHEST_TRACKABLE_US, 3);
}

/** What the producer measures, in microseconds: actual - intended send time, ack - intended, ack - actual. */
export const PRODUCER_METRICS = ['publish_delay', 'ack', 'ack_uncorrected'] as const;
/** What the companion consumer measures: receive - intended send time (corrected), receive - actual. */
export const CONSUMER_METRICS = ['e2e', 'e2e_uncorrected'] as const;
/** The latency metrics of a run. */
export const METRICS = [...PRODUCER_METRICS, ...CONSUMER_METRICS] as const;
export type Metric = (typeof METRICS)[number];

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p75?: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly p9999?: number;
  readonly max: number;
}

/** Percentiles in milliseconds (3 decimals), or null when nothing was recorded. */
export function summarize(h: Histogram): LatencySummary | null {
  if (h.totalCount === 0) return null;
  // Every figure, max included, is its bucket's highest equivalent value (3 significant digits), so the
  // figures are the same whether read from this histogram or from its encoding (.hlog, histograms.json).
  const top = h.getValueAtPercentile(100);
  const ms = (us: number) => Math.round(Math.min(us, top)) / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p75: ms(h.getValueAtPercentile(75)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    p9999: ms(h.getValueAtPercentile(99.99)),
    max: ms(top),
  };
}

export function encode(h: Histogram): string {
  return encodeCompressed(h);
}

export function decode(encoded: string): Histogram {
  return decodeCompressed(encoded);
}

/**
 * Histograms of every metric per topic, plus one-second interval histograms for the progress line, plus
 * one histogram per metric for each segment of the run's timeline (src/engine/segments.ts): values of
 * warm-up events go to the intervals and the warm-up's histograms, never to the run's; values of a phase's
 * events go to the run's and to the phase's.
 */
export class LatencyRecorder {
  private readonly byMetric: Map<Metric, Map<string, Histogram>>;
  private readonly interval: Map<Metric, Histogram>;
  /** The histograms takeInterval handed out last, reset and reused at the next call (see takeInterval). */
  private readonly taken: Map<Metric, Histogram>;
  private readonly segments = new Map<number, Map<Metric, Histogram>>();
  /** Values below zero (clock skew between hosts, or rounding) are recorded as 0 and counted here. */
  negative = 0;

  constructor(readonly metrics: readonly Metric[] = PRODUCER_METRICS) {
    this.byMetric = new Map(metrics.map((m) => [m, new Map()]));
    this.interval = new Map(metrics.map((m) => [m, newHistogram()]));
    this.taken = new Map(metrics.map((m) => [m, newHistogram()]));
  }

  /** Records a value of an event of `segment` (WARMUP: kept apart from the run's; a phase: also the phase's). */
  record(metric: Metric, topic: string, microseconds: number, segment: Segment = null): void {
    let value = Math.round(microseconds);
    if (value < 0) {
      this.negative++;
      value = 0;
    } else if (value > HIGHEST_TRACKABLE_US) value = HIGHEST_TRACKABLE_US;
    recordFast(this.interval.get(metric) as Histogram, value);
    if (segment !== null) {
      recordFast(this.segmentHistogram(segment, metric), value);
      if (segment === WARMUP) return;
    }
    const topics = this.byMetric.get(metric) as Map<string, Histogram>;
    let h = topics.get(topic);
    if (!h) topics.set(topic, (h = newHistogram()));
    recordFast(h, value);
  }

  /** A segment's values of a metric, all topics (empty when none were recorded). */
  segment(segment: number, metric: Metric): Histogram {
    return this.segments.get(segment)?.get(metric) ?? newHistogram();
  }

  /** The segments' histograms as compressed encodings: segment -> metric -> histogram (what crosses threads and processes). */
  encodedSegments(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.segments].map(([segment, byMetric]) => [String(segment), Object.fromEntries([...byMetric].map(([metric, h]) => [metric, encode(h)]))]));
  }

  /** Adds what encodedSegments() gave (another thread's or process's). */
  absorbSegments(encoded: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): void {
    for (const [segment, byMetric] of Object.entries(encoded ?? {})) {
      for (const [metric, h] of Object.entries(byMetric)) {
        if (this.metrics.includes(metric as Metric)) addEncoded(this.segmentHistogram(Number(segment), metric as Metric), h);
      }
    }
  }

  private segmentHistogram(segment: number, metric: Metric): Histogram {
    let byMetric = this.segments.get(segment);
    if (!byMetric) this.segments.set(segment, (byMetric = new Map()));
    let h = byMetric.get(metric);
    if (!h) byMetric.set(metric, (h = newHistogram()));
    return h;
  }

  /** Adds a whole histogram, or another thread's or process's compressed encoding of one, to a metric's topic. */
  absorb(metric: Metric, topic: string, h: Histogram | string): void {
    const topics = this.byMetric.get(metric);
    if (!topics) return;
    let mine = topics.get(topic);
    if (!mine) topics.set(topic, (mine = newHistogram()));
    if (typeof h === 'string') addEncoded(mine, h);
    else mine.add(h);
  }

  /** Per-topic histograms of a metric (none for a metric this recorder does not measure). */
  topics(metric: Metric): ReadonlyMap<string, Histogram> {
    return this.byMetric.get(metric) ?? new Map<string, Histogram>();
  }

  /** Per-topic histograms of a metric as compressed encodings (histograms.json, the companion's report). */
  encodedTopics(metric: Metric): Record<string, string> {
    return Object.fromEntries([...this.topics(metric)].map(([topic, h]) => [topic, encode(h)]));
  }

  /** Every metric this recorder measures: metric -> topic -> compressed histogram (what crosses threads and processes). */
  encodedMetrics(): Record<string, Record<string, string>> {
    return Object.fromEntries(this.metrics.map((metric) => [metric, this.encodedTopics(metric)]));
  }

  /** Adds what encodedMetrics() gave (another thread's or process's), for the metrics this recorder measures. */
  absorbEncoded(histograms: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
    for (const metric of this.metrics) {
      for (const [topic, encoded] of Object.entries(histograms[metric] ?? {})) this.absorb(metric, topic, encoded);
    }
  }

  /** All topics of a metric added together. */
  overall(metric: Metric): Histogram {
    const total = newHistogram();
    for (const h of this.topics(metric).values()) total.add(h);
    return total;
  }

  /**
   * The values recorded since the last call. The histogram is valid until the next call, which resets it
   * and records into it again: every caller reads or encodes it at once, and a new 94 KB histogram a second
   * per metric would be garbage that only V8's full collections free (see addEncoded).
   */
  takeInterval(metric: Metric): Histogram {
    return swapInterval(this.interval, this.taken, metric);
  }
}

/**
 * Double buffering of interval histograms: hands out `current`'s histogram of `metric` and records into the
 * one handed out before, reset. Both maps hold a histogram for every metric they are asked for.
 */
export function swapInterval<M>(current: Map<M, Histogram>, taken: Map<M, Histogram>, metric: M): Histogram {
  const h = current.get(metric) ?? newHistogram();
  const spare = taken.get(metric) ?? newHistogram();
  spare.reset();
  current.set(metric, spare);
  taken.set(metric, h);
  return h;
}

/** A histogram's p99 in ms, null if it is empty (the progress line). */
export function p99Ms(h: Histogram): number | null {
  return h.totalCount === 0 ? null : Math.round(h.getValueAtPercentile(99)) / 1000;
}
