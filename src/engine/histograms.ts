// Latency histograms: HdrHistograms in microseconds with 3 significant digits and a fixed range (1 us to one
// hour), so memory is bounded whatever a run does. Values are recorded per topic; the overall view is the
// sum. Threads merge histograms as compressed encodings, never as samples (as autocannon does).
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** One hour in microseconds: the largest latency recorded; anything longer is recorded as one hour. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3, autoResize: false, bitBucketSize: 32 });
}

/** The latency metrics of a run, in microseconds. */
export const METRICS = ['publish_delay', 'ack', 'ack_uncorrected'] as const;
export type Metric = (typeof METRICS)[number];

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Percentiles in milliseconds (3 decimals), or null when nothing was recorded. */
export function summarize(h: Histogram): LatencySummary | null {
  if (h.totalCount === 0) return null;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
  };
}

export function encode(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decode(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Histograms of every metric per topic, plus one-second interval histograms for the progress line. */
export class LatencyRecorder {
  private readonly byMetric = new Map<Metric, Map<string, Histogram>>(METRICS.map((m) => [m, new Map()]));
  readonly interval = new Map<Metric, Histogram>(METRICS.map((m) => [m, newHistogram()]));
  /** Values below zero (clock skew between hosts, or rounding) are recorded as 0 and counted here. */
  negative = 0;

  record(metric: Metric, topic: string, microseconds: number): void {
    let value = Math.round(microseconds);
    if (value < 0) {
      this.negative++;
      value = 0;
    } else if (value > HIGHEST_TRACKABLE_US) value = HIGHEST_TRACKABLE_US;
    const topics = this.byMetric.get(metric) as Map<string, Histogram>;
    let h = topics.get(topic);
    if (!h) topics.set(topic, (h = newHistogram()));
    h.recordValue(value);
    (this.interval.get(metric) as Histogram).recordValue(value);
  }

  /** Per-topic histograms of a metric. */
  topics(metric: Metric): ReadonlyMap<string, Histogram> {
    return this.byMetric.get(metric) as Map<string, Histogram>;
  }

  /** All topics of a metric added together. */
  overall(metric: Metric): Histogram {
    const total = newHistogram();
    for (const h of this.topics(metric).values()) total.add(h);
    return total;
  }

  /** The interval histogram's p99 in ms (null if empty), then a fresh interval. */
  takeIntervalP99(metric: Metric): number | null {
    const h = this.interval.get(metric) as Histogram;
    const p99 = h.totalCount === 0 ? null : Math.round(h.getValueAtPercentile(99)) / 1000;
    h.reset();
    return p99;
  }
}
