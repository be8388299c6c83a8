// A run's Prometheus metrics (`--metrics-port`), through prom-client. They are read from the run's own
// measurements, not measured again: counters from the run's delivery counts at scrape time, gauges from the
// once-a-second progress sample, and the latency histograms from the same one-second HdrHistogram intervals
// that go to the .hlog files, folded into Prometheus buckets once a second (a few hundred distinct values,
// never one call per event). Names follow Prometheus conventions: the `loadgen_` prefix, `_total` counters,
// seconds and bytes.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram as PromHistogram, Registry } from 'prom-client';
import type { RunCounts } from '../engine/accounting.js';
import type { ClientStats } from '../engine/client-stats.js';
import { METRICS, PRODUCER_METRICS, type Histogram, type Metric } from '../engine/histograms.js';
import type { ProgressSample } from '../engine/monitor.js';
import { LOADGEN_VERSION } from '../version.js';

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

export interface RunMetricsSource {
  readonly runId: string;
  readonly producer: string;
  readonly workers: number;
  /** Whether the companion consumer runs: its end-to-end histograms are then served too. */
  readonly consumer: boolean;
  /** The run's delivery counts now (read at each scrape). */
  counts(): RunCounts;
}

/** The registry of one run: feed it samples and intervals; serve registry.metrics(). */
export class RunMetrics {
  readonly registry = new Registry();
  private readonly latency = new Map<Metric, HdrBackedHistogram>();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private saturatedSeconds = 0;
  private last: ProgressSample | null = null;

  constructor(source: RunMetricsSource) {
    const registers = [this.registry];
    this.loopDelay.enable();
    new Gauge({
      name: 'loadgen_run_info', help: 'The run: its id, producer design, worker threads and loadgen version (value 1)',
      labelNames: ['run_id', 'producer', 'workers', 'version'], registers,
    }).set({ run_id: source.runId, producer: source.producer, workers: source.workers, version: LOADGEN_VERSION }, 1);
    const perTopic = (name: string, help: string, read: (t: RunCounts['topics'][number]) => number) =>
      new Counter({
        name, help, labelNames: ['topic'], registers,
        collect() {
          const counts = source.counts();
          this.reset();
          for (const [i, t] of counts.topics.entries()) this.inc({ topic: counts.topicName(i) }, read(t));
        },
      });
    perTopic('loadgen_events_produced_total', 'Events handed to the Kafka client', (t) => t.produced);
    perTopic('loadgen_events_acked_total', 'Events the broker acknowledged', (t) => t.acked);
    perTopic('loadgen_events_failed_total', 'Events that failed (refused, timed out, or in flight when the run ended)', (t) => t.failed);
    perTopic('loadgen_acked_bytes_total', 'Bytes of acknowledged event values', (t) => t.bytes);
    new Counter({
      name: 'loadgen_failures_total', help: 'Failed events by reason', labelNames: ['reason'], registers,
      collect() {
        this.reset();
        for (const [reason, n] of source.counts().failures) this.inc({ reason }, n);
      },
    });
    new Gauge({
      name: 'loadgen_in_flight', help: 'Events produced and not yet acknowledged or failed', registers,
      collect() {
        this.set(source.counts().inFlight);
      },
    });
    const metrics = this;
    new Gauge({
      name: 'loadgen_target_rate', help: 'The target rate in events per second (absent for --rate max)', registers,
      collect() {
        if (metrics.last?.targetRate != null) this.set(metrics.last.targetRate);
      },
    });
    new Gauge({
      name: 'loadgen_acked_rate', help: 'Events acknowledged in the last whole second', registers,
      collect() {
        this.set(metrics.last?.ackedRate ?? 0);
      },
    });
    new Counter({
      name: 'loadgen_generator_saturated_seconds_total', help: 'Seconds whose publish-delay p99 exceeded 100 ms: the schedule was not kept', registers,
      collect() {
        this.reset();
        this.inc(metrics.saturatedSeconds);
      },
    });
    new Gauge({
      name: 'loadgen_event_loop_delay_seconds', help: "The main thread's event-loop delay, p99 over the run so far", registers,
      collect() {
        this.set(metrics.loopDelay.percentile(99) / 1e9);
      },
    });
    // librdkafka's statistics, summarised by the producer threads (--producer native), labelled with the
    // client they describe: absent until they come (an unlabelled gauge would read 0).
    const stats = (name: string, help: string, read: (s: ClientStats) => number | null) =>
      new Gauge({
        name, help, labelNames: ['client'], registers,
        collect() {
          const s = source.counts().clientStats?.();
          const value = s ? read(s) : null;
          this.reset();
          if (value !== null) this.set({ client: 'producer' }, value);
        },
      });
    stats('loadgen_kafka_broker_rtt_p99_seconds', "Broker round-trip time, p99 of librdkafka's last statistics window (the worst broker)", (s) => (s.rttP99Us === null ? null : s.rttP99Us / 1e6));
    stats('loadgen_kafka_broker_rtt_avg_seconds', "Broker round-trip time, mean of librdkafka's last statistics window", (s) => (s.rttAvgUs === null ? null : s.rttAvgUs / 1e6));
    stats('loadgen_kafka_queued_messages', "Messages waiting in the clients' queues (librdkafka msg_cnt)", (s) => s.queuedMessages);
    stats('loadgen_kafka_batch_size_bytes', 'Mean produce batch size in the last statistics window', (s) => s.batchBytesAvg);
    stats('loadgen_kafka_batch_records', 'Mean records per produce batch in the last statistics window', (s) => s.batchRecordsAvg);
    new Counter({
      name: 'loadgen_kafka_produce_retries_total', help: 'Produce requests the clients retried (librdkafka txretries)', labelNames: ['client'], registers,
      collect() {
        const s = source.counts().clientStats?.();
        this.reset();
        if (s) this.inc({ client: 'producer' }, s.retries);
      },
    });
    for (const metric of source.consumer ? METRICS : PRODUCER_METRICS) {
      const [name, help] = LATENCY_METRIC_NAMES[metric];
      this.latency.set(metric, new HdrBackedHistogram(name, help, this.registry));
    }
  }

  /** The once-a-second progress sample. */
  sample(s: ProgressSample): void {
    this.last = s;
    if (s.saturated) this.saturatedSeconds++;
  }

  /** One second's values of a latency metric (microseconds), as they go to its .hlog file. */
  interval(metric: Metric, h: Histogram): void {
    this.latency.get(metric)?.add(h);
  }

  close(): void {
    this.loopDelay.disable();
  }
}
