// librdkafka's statistics (statistics.interval.ms; its STATISTICS.md), summarised for --metrics-port: broker
// round-trip time, produce retries, the client's queue depth and batch sizes. Each producer thread hands its
// latest statistics JSON over once a second; the run combines the threads' summaries.
export interface ClientStats {
  /** Broker round-trip time in the last statistics window, us: the highest p99 of any broker; null without requests. */
  readonly rttP99Us: number | null;
  /** The mean over every broker's requests in that window, us; null without requests. */
  readonly rttAvgUs: number | null;
  /** Produce requests retried since the client started (every broker's txretries). */
  readonly retries: number;
  /** Messages waiting in the client's queues (msg_cnt). */
  readonly queuedMessages: number;
  /** Mean batch (MessageSet) size in bytes in the window, over every topic's batches; null without batches. */
  readonly batchBytesAvg: number | null;
  /** Mean records per batch in the window; null without batches. */
  readonly batchRecordsAvg: number | null;
}

interface Window {
  readonly avg?: number;
  readonly p99?: number;
  readonly cnt?: number;
}

interface RawStats {
  readonly msg_cnt?: number;
  readonly brokers?: Readonly<Record<string, { readonly txretries?: number; readonly rtt?: Window }>>;
  readonly topics?: Readonly<Record<string, { readonly batchsize?: Window; readonly batchcnt?: Window }>>;
}

/** A mean weighted by counts, or null when there is nothing to weigh. */
function weighted(windows: readonly Window[]): number | null {
  const n = windows.reduce((sum, w) => sum + (w.cnt ?? 0), 0);
  return n === 0 ? null : windows.reduce((sum, w) => sum + (w.avg ?? 0) * (w.cnt ?? 0), 0) / n;
}

/** One statistics JSON, summarised; throws if it is not JSON. */
export function summarizeStats(json: string): ClientStats {
  const raw = JSON.parse(json) as RawStats;
  const brokers = Object.values(raw.brokers ?? {});
  const rtts = brokers.map((b) => b.rtt ?? {}).filter((w) => (w.cnt ?? 0) > 0);
  const topics = Object.values(raw.topics ?? {});
  return {
    rttP99Us: rtts.length === 0 ? null : Math.max(...rtts.map((w) => w.p99 ?? 0)),
    rttAvgUs: weighted(rtts),
    retries: brokers.reduce((sum, b) => sum + (b.txretries ?? 0), 0),
    queuedMessages: raw.msg_cnt ?? 0,
    batchBytesAvg: weighted(topics.map((t) => t.batchsize ?? {})),
    batchRecordsAvg: weighted(topics.map((t) => t.batchcnt ?? {})),
  };
}

/** Several producers' summaries as the run's: the worst p99, sums of counts, means over all. */
export function combineStats(all: readonly ClientStats[]): ClientStats | null {
  if (all.length === 0) return null;
  const present = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const p99s = present(all.map((s) => s.rttP99Us));
  return {
    rttP99Us: p99s.length === 0 ? null : Math.max(...p99s),
    rttAvgUs: mean(present(all.map((s) => s.rttAvgUs))),
    retries: all.reduce((sum, s) => sum + s.retries, 0),
    queuedMessages: all.reduce((sum, s) => sum + s.queuedMessages, 0),
    batchBytesAvg: mean(present(all.map((s) => s.batchBytesAvg))),
    batchRecordsAvg: mean(present(all.map((s) => s.batchRecordsAvg))),
  };
}
