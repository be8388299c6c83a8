// The run's once-a-second monitor, whichever design produces: it takes each second's latency interval
// (the progress line's p99s and the .hlog files), builds the progress sample, and notices a stalled
// cluster: records in flight (or timing out) and none settled otherwise for the stall limit
// (src/engine/delivery-deadlines.ts). A record librdkafka times out is no answer from the cluster: with the
// native producer, records sent to a dead cluster time out one after another, which must not keep the run
// going as if deliveries were settling.
import type { RunCounts } from './accounting.js';
import { PRODUCER_METRICS, p99Ms, type Histogram } from './histograms.js';
import { IntervalLog } from './interval-log.js';
import type { TimerClock } from './clock.js';
import type { HostSecond } from './host-load.js';

/** A second whose publish-delay p99 exceeds this means the generator (or client) cannot keep the schedule. */
export const SATURATION_MS = 100;

export interface ProgressSample {
  readonly t: number;
  readonly targetRate: number | null;
  readonly ackedRate: number;
  readonly acked: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly publishDelayP99: number | null;
  readonly ackP99: number | null;
  readonly saturated: boolean;
  /** The client's last error (the broker unreachable, ...) while no delivery has succeeded since, else null. */
  readonly brokerError?: string | null;
  /** The machine in this second (src/engine/host-load.ts); null where it cannot be read. */
  readonly host?: HostSecond | null;
}

/** librdkafka's failure for a record the cluster never answered within message.timeout.ms. */
export const TIMED_OUT = 'Local: Message timed out';

export type ProducerLogs = Readonly<Record<(typeof PRODUCER_METRICS)[number], IntervalLog>>;

export interface MonitorOptions {
  readonly clock: TimerClock;
  /** The run's start (slot 0's intended time), Unix us. */
  readonly t0Us: number;
  /** The mean target rate between two times (seconds from the start), null for --rate max. */
  readonly target: (fromS: number, toS: number) => number | null;
  readonly counts: () => RunCounts;
  /** The values recorded since the last call, per metric. */
  readonly takeInterval: (metric: (typeof PRODUCER_METRICS)[number]) => Histogram;
  readonly clusterError: () => string | null;
  /**
   * ms without a settled record (a timed-out one does not count), while some are in flight or timing out,
   * after which onStall is called (once).
   */
  readonly stallLimitMs: number;
  readonly onSample: (sample: ProgressSample) => void;
  /** Each second's interval of each metric, as it goes to the .hlog file (for --metrics-port). */
  readonly onInterval?: (metric: (typeof PRODUCER_METRICS)[number], interval: Histogram) => void;
  readonly onStall: () => void;
  /** The machine since the previous call (src/engine/host-load.ts's HostSampler), once a second. */
  readonly host?: (nowUs: number) => HostSecond | null;
}

export interface Monitor {
  readonly progress: readonly ProgressSample[];
  readonly logs: ProducerLogs;
  readonly stalled: boolean;
  /** Stops the timer and logs the last partial interval. */
  stop(): void;
}

export function startMonitor(o: MonitorOptions): Monitor {
  const { clock, t0Us } = o;
  const logs = { publish_delay: new IntervalLog(t0Us / 1000), ack: new IntervalLog(t0Us / 1000), ack_uncorrected: new IntervalLog(t0Us / 1000) };
  const progress: ProgressSample[] = [];
  let lastAcked = 0;
  let lastSettled = 0;
  let lastTimedOut = 0;
  let lastSettledUs = clock.nowUs();
  let stalled = false;
  let intervalStartMs = t0Us / 1000;
  let lastElapsedS = Math.max(0, (clock.nowUs() - t0Us) / 1e6);
  const takeIntervals = () => {
    const endMs = clock.nowUs() / 1000;
    const p99 = PRODUCER_METRICS.map((metric) => {
      const h = o.takeInterval(metric);
      o.onInterval?.(metric, h);
      logs[metric].add(h, intervalStartMs, endMs);
      return p99Ms(h);
    });
    intervalStartMs = endMs;
    return { publishDelayP99: p99[0] ?? null, ackP99: p99[1] ?? null };
  };
  // The first second's host figures start here, not at whatever the sampler last saw (the warm-up).
  o.host?.(clock.nowUs());
  const stopTimer = clock.every(1000, () => {
    const { publishDelayP99, ackP99 } = takeIntervals();
    const counts = o.counts();
    const elapsedS = (clock.nowUs() - t0Us) / 1e6;
    const target = o.target(lastElapsedS, elapsedS);
    lastElapsedS = elapsedS;
    const sample: ProgressSample = {
      t: Math.round(elapsedS),
      targetRate: target === null ? null : Math.round(target * 1000) / 1000,
      ackedRate: counts.acked - lastAcked,
      acked: counts.acked,
      failed: counts.failed,
      inFlight: counts.inFlight,
      publishDelayP99,
      ackP99,
      saturated: publishDelayP99 !== null && publishDelayP99 > SATURATION_MS,
      brokerError: o.clusterError(),
      ...(o.host ? { host: o.host(clock.nowUs()) } : {}),
    };
    lastAcked = counts.acked;
    progress.push(sample);
    o.onSample(sample);
    const timedOut = counts.failures.get(TIMED_OUT) ?? 0;
    const settled = counts.acked + counts.failed - timedOut;
    const waiting = counts.inFlight > 0 || timedOut !== lastTimedOut;
    lastTimedOut = timedOut;
    if (settled !== lastSettled || !waiting) {
      lastSettled = settled;
      lastSettledUs = clock.nowUs();
    } else if (!stalled && clock.nowUs() - lastSettledUs > o.stallLimitMs * 1000) {
      stalled = true;
      o.onStall();
    }
  });
  return {
    progress,
    logs,
    get stalled() {
      return stalled;
    },
    stop: () => {
      stopTimer();
      takeIntervals();
    },
  };
}
