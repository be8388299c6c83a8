// `loadgen consume --metrics-port`: the measuring consumer's own /metrics, when it runs alone (on another
// host, or after a run): records read, and the end-to-end histograms from the same one-second intervals its
// .hlog files get. Metric names are the run's (src/telemetry/run-metrics.ts), so one dashboard reads both.
import { Counter, Gauge, Registry } from 'prom-client';
import { CONSUMER_METRICS, type Histogram } from '../engine/histograms.js';
import { LOADGEN_VERSION } from '../version.js';
import type { ConsumedSoFar } from '../consumer/measurement.js';
import { consumedSoFarCounters, consumerLagGauge } from './consumer-metrics.js';
import { eventLoopDelayGauge } from './event-loop-metric.js';
import { type HdrBackedHistogram, latencyHistograms } from './latency-metric.js';

export interface ConsumeMetricsSource {
  /** The run measured, or null while the consumer waits to adopt the first one it sees. */
  readonly runId: string | null;
  readonly threads: number;
  /** Records read so far, of any run. */
  messages(): number;
  /** Records behind the partitions' ends, or null before known. */
  lag(): number | null;
  /** The run's records received, duplicates and out of order so far, or null when not counted live. */
  soFar(): ConsumedSoFar | null;
}

export class ConsumeMetrics {
  readonly registry = new Registry();
  private readonly latency: ReadonlyMap<(typeof CONSUMER_METRICS)[number], HdrBackedHistogram>;
  private readonly closeLoopDelay: () => void;

  constructor(source: ConsumeMetricsSource) {
    const registers = [this.registry];
    new Gauge({
      name: 'loadgen_consume_info', help: 'The measuring consumer: the run it measures, its threads and loadgen version (value 1)',
      labelNames: ['run_id', 'threads', 'version'], registers,
    }).set({ run_id: source.runId ?? '', threads: source.threads, version: LOADGEN_VERSION }, 1);
    new Counter({
      name: 'loadgen_consumer_records_total', help: 'Records the measuring consumer has read, of any run', registers,
      collect() {
        this.reset();
        this.inc(source.messages());
      },
    });
    this.closeLoopDelay = eventLoopDelayGauge(this.registry);
    consumerLagGauge(this.registry, () => source.lag());
    consumedSoFarCounters(this.registry, () => source.soFar());
    this.latency = latencyHistograms(this.registry, CONSUMER_METRICS) as ReadonlyMap<(typeof CONSUMER_METRICS)[number], HdrBackedHistogram>;
  }

  /** One second's values of an end-to-end metric (microseconds), as they go to its .hlog file. */
  interval(metric: (typeof CONSUMER_METRICS)[number], h: Histogram): void {
    this.latency.get(metric)?.add(h);
  }

  close(): void {
    this.closeLoopDelay();
  }
}
