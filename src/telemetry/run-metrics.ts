// A run's Prometheus metrics (`--metrics-port`), through prom-client. They are read from the run's own
// measurements, not measured again: counters from the run's delivery counts at scrape time, gauges from the
// once-a-second progress sample and the producer threads' librdkafka statistics, and the latency histograms
// from the same one-second HdrHistogram intervals that go to the .hlog files (src/telemetry/latency-metric.ts).
// Names follow Prometheus conventions: the `loadgen_` prefix, `_total` counters, seconds and bytes.
import { Counter, Gauge, Registry } from 'prom-client';
import type { RunCounts } from '../engine/accounting.js';
import type { ClientStats } from '../engine/client-stats.js';
import { METRICS, PRODUCER_METRICS, type Histogram, type Metric } from '../engine/histograms.js';
import type { ProgressSample } from '../engine/monitor.js';
import { LOADGEN_VERSION } from '../version.js';
import type { ConsumedSoFar } from '../consumer/measurement.js';
import { consumedSoFarCounters, consumerLagGauge } from './consumer-metrics.js';
import { eventLoopDelayGauge } from './event-loop-metric.js';
import { hostGauges } from './host-metrics.js';
import { type HdrBackedHistogram, latencyHistograms } from './latency-metric.js';

export interface RunMetricsSource {
  readonly runId: string;
  readonly producer: string;
  readonly workers: number;
  /** Whether the companion consumer runs: its end-to-end histograms are then served too. */
  readonly consumer: boolean;
  /** The run's delivery counts now (read at each scrape); null before producing starts (nothing to serve yet). */
  counts(): RunCounts | null;
}

/** The registry of one run: feed it samples and intervals; serve registry.metrics(). */
export class RunMetrics {
  readonly registry = new Registry();
  private readonly latency: ReadonlyMap<Metric, HdrBackedHistogram>;
  private readonly closeLoopDelay: () => void;
  private saturatedSeconds = 0;
  private last: ProgressSample | null = null;
  private lag: number | null = null;
  private soFar: ConsumedSoFar | null = null;

  constructor(source: RunMetricsSource) {
    const registers = [this.registry];
    this.closeLoopDelay = eventLoopDelayGauge(this.registry);
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
          if (counts) for (const [i, t] of counts.topics.entries()) this.inc({ topic: counts.topicName(i) }, read(t));
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
        for (const [reason, n] of source.counts()?.failures ?? []) this.inc({ reason }, n);
      },
    });
    new Gauge({
      name: 'loadgen_in_flight', help: 'Events produced and not yet acknowledged or failed', registers,
      collect() {
        this.set(source.counts()?.inFlight ?? 0);
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
    // librdkafka's statistics, summarised by the producer threads (--producer native), labelled with the
    // client they describe: absent until they come (an unlabelled gauge would read 0).
    const stats = (name: string, help: string, read: (s: ClientStats) => number | null) =>
      new Gauge({
        name, help, labelNames: ['client'], registers,
        collect() {
          const s = source.counts()?.clientStats?.();
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
        const s = source.counts()?.clientStats?.();
        this.reset();
        if (s) this.inc({ client: 'producer' }, s.retries);
      },
    });
    hostGauges(this.registry, () => metrics.last?.host);
    if (source.consumer) {
      consumerLagGauge(this.registry, () => metrics.lag);
      consumedSoFarCounters(this.registry, () => metrics.soFar);
    }
    this.latency = latencyHistograms(this.registry, source.consumer ? METRICS : PRODUCER_METRICS);
  }

  /** The companion consumer's lag and counts, once a second (null: not known yet). */
  consumerProgress(lag: number | null, soFar: ConsumedSoFar | null): void {
    this.lag = lag;
    this.soFar = soFar;
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
    this.closeLoopDelay();
  }
}
