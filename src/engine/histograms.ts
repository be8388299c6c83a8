// Latency histograms: HdrHistograms in microseconds with 3 significant digits and a fixed range (1 us to one
// hour), so memory is bounded whatever a run does. Values are recorded per topic; the overall view is the
// sum. Threads merge histograms as compressed encodings, never as samples (as autocannon does).
import * as hdr from 'hdr-histogram-js';
import { WARMUP, type Segment } from './segments.js';

export type Histogram = hdr.Histogram;

/** One hour in microseconds: the largest latency recorded; anything longer is recorded as one hour. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3, autoResize: false, bitBucketSize: 32 });
}

/**
 * What hdr-histogram-js's recordValue does, with the counts index found by integer operations.
 *
 * Why: recordValue finds a value's index with Math.log2 and two Math.pow calls, and a producer thread records
 * six values per event (three metrics, each into its topic's and the interval's histogram): at the peak rate
 * that was a tenth of the thread's time. This is HdrHistogram's own (Java) method, the leading zeros of
 * `value | subBucketMask`; values must be integers in [0, 2^32) (record() clamps to HIGHEST_TRACKABLE_US).
 * It calls three methods of the library's JsHistogram that its TypeScript types leave out;
 * test/unit/histogram-record.test.ts checks that it leaves every bucket, the total, min and max exactly as
 * recordValue does, so a library version that changed them would fail there.
 */
interface JsHistogramInternals {
  readonly subBucketHalfCountMagnitude: number;
  readonly unitMagnitude: number;
  incrementCountAtIndex(index: number): void;
  updateMinAndMax(value: number): void;
  incrementTotalCount(): void;
}

export function recordFast(h: Histogram, value: number): void {
  const j = h as unknown as JsHistogramInternals;
  const half = j.subBucketHalfCountMagnitude;
  const unit = j.unitMagnitude;
  const bucket = Math.max(0, 31 - Math.clz32(value) - half - unit);
  const sub = value >>> (bucket + unit);
  j.incrementCountAtIndex(((bucket + 1) << half) + sub - (1 << half));
  j.updateMinAndMax(value);
  j.incrementTotalCount();
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
  return hdr.encodeIntoCompressedBase64(h);
}

export function decode(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
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
  private readonly segments = new Map<number, Map<Metric, Histogram>>();
  /** Values below zero (clock skew between hosts, or rounding) are recorded as 0 and counted here. */
  negative = 0;

  constructor(readonly metrics: readonly Metric[] = PRODUCER_METRICS) {
    this.byMetric = new Map(metrics.map((m) => [m, new Map()]));
    this.interval = new Map(metrics.map((m) => [m, newHistogram()]));
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
        if (this.metrics.includes(metric as Metric)) this.segmentHistogram(Number(segment), metric as Metric).add(decode(h));
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

  /** Adds a whole histogram (decoded from another thread or process) to a metric's topic. */
  absorb(metric: Metric, topic: string, h: Histogram): void {
    const topics = this.byMetric.get(metric);
    if (!topics) return;
    const mine = topics.get(topic);
    if (mine) mine.add(h);
    else {
      const fresh = newHistogram();
      fresh.add(h);
      topics.set(topic, fresh);
    }
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
      for (const [topic, encoded] of Object.entries(histograms[metric] ?? {})) this.absorb(metric, topic, decode(encoded));
    }
  }

  /** All topics of a metric added together. */
  overall(metric: Metric): Histogram {
    const total = newHistogram();
    for (const h of this.topics(metric).values()) total.add(h);
    return total;
  }

  /** The values recorded since the last call (the histogram is the caller's now; a fresh one takes its place). */
  takeInterval(metric: Metric): Histogram {
    const h = this.interval.get(metric) as Histogram;
    this.interval.set(metric, newHistogram());
    return h;
  }
}

/** A histogram's p99 in ms, null if it is empty (the progress line). */
export function p99Ms(h: Histogram): number | null {
  return h.totalCount === 0 ? null : Math.round(h.getValueAtPercentile(99)) / 1000;
}
