// Latency histograms for /metrics (a run's, and `loadgen consume`'s), filled from the HdrHistogram intervals
// the .hlog files get: Prometheus buckets from each interval's distinct values, never one call per event.
import { Histogram as PromHistogram, type Registry } from 'prom-client';
import type { Histogram, Metric } from '../engine/histograms.js';

/** Bucket upper bounds in seconds: 250 us to 10 s, about three per decade. */
export const LATENCY_BUCKETS_S: readonly number[] = [0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/** Each latency metric's Prometheus name and help. */
export const LATENCY_METRIC_NAMES: Readonly<Record<Metric, readonly [string, string]>> = {
  publish_delay: ['loadgen_publish_delay_seconds', 'Actual minus intended send time of each event (the schedule kept, or not)'],
  ack: ['loadgen_ack_latency_seconds', 'Broker acknowledgement minus intended send time (corrected for coordinated omission)'],
  ack_uncorrected: ['loadgen_ack_latency_uncorrected_seconds', 'Broker acknowledgement minus actual send time'],
  e2e: ['loadgen_e2e_latency_seconds', 'Companion consumer receive minus intended send time (corrected)'],
  e2e_uncorrected: ['loadgen_e2e_latency_uncorrected_seconds', 'Companion consumer receive minus actual send time'],
};

/**
 * A Prometheus histogram whose buckets are filled from HdrHistograms (microseconds): add() folds one
 * interval in, by the interval's distinct recorded values, so the cost does not grow with the rate.
 */
export class HdrBackedHistogram extends PromHistogram<string> {
  private readonly cumulative = new Float64Array(LATENCY_BUCKETS_S.length);
  private total = 0;
  private sumS = 0;

  constructor(name: string, help: string, registry: Registry) {
    super({ name, help, buckets: [...LATENCY_BUCKETS_S], registers: [registry] });
  }

  add(h: Histogram): void {
    if (h.totalCount === 0) return;
    const iterator = (h as unknown as { recordedValuesIterator: RecordedValues }).recordedValuesIterator;
    iterator.reset();
    while (iterator.hasNext()) {
      const v = iterator.next();
      const seconds = v.valueIteratedTo / 1e6;
      for (let i = LATENCY_BUCKETS_S.length - 1; i >= 0 && seconds <= (LATENCY_BUCKETS_S[i] as number); i--) {
        this.cumulative[i] = (this.cumulative[i] ?? 0) + v.countAtValueIteratedTo;
      }
    }
    this.total += h.totalCount;
    this.sumS += (h.mean * h.totalCount) / 1e6;
  }

  // The registry formats what getForPromString() returns, and get() (JSON) splays the same values: both
  // read the buckets add() filled, not prom-client's observe() store.
  async getForPromString(): Promise<{ name: string; help: string; type: string; values: unknown[]; aggregator: string }> {
    const bucket = `${this.name}_bucket`;
    const value = (labels: Record<string, number | string>, v: number, metricName: string) => ({ labels, sharedLabels: {}, value: v, metricName });
    return {
      name: this.name,
      help: this.help,
      type: 'histogram',
      aggregator: 'sum',
      values: [
        ...LATENCY_BUCKETS_S.map((le, i) => value({ le }, this.cumulative[i] ?? 0, bucket)),
        value({ le: '+Inf' }, this.total, bucket),
        value({}, this.sumS, `${this.name}_sum`),
        value({}, this.total, `${this.name}_count`),
      ],
    };
  }

  // prom-client sets these in its constructor; its type declarations leave them out.
  declare readonly name: string;
  declare readonly help: string;
}

/** hdr-histogram-js's iterator over recorded values (JsHistogram), not in its public interface type. */
interface RecordedValues {
  reset(): void;
  hasNext(): boolean;
  next(): { readonly valueIteratedTo: number; readonly countAtValueIteratedTo: number };
}

/** A histogram per metric, registered in `registry`. */
export function latencyHistograms(registry: Registry, metrics: readonly Metric[]): Map<Metric, HdrBackedHistogram> {
  return new Map(metrics.map((metric) => {
    const [name, help] = LATENCY_METRIC_NAMES[metric];
    return [metric, new HdrBackedHistogram(name, help, registry)];
  }));
}
