// What the measuring consumer writes into a results directory:
//   e2e.hlog, e2e_uncorrected.hlog   one-second interval histograms (us), HdrHistogram's log format
// and, when it runs alone (`loadgen consume --run-id`), its own summary:
//   consumer.json                    integrity counts and e2e percentiles
//   histograms.json                  the whole-run histograms, compressed
import { join } from 'node:path';
import { CONSUMER_METRICS, summarize } from '../engine/histograms.js';
import { writeHistograms } from '../report/results-writer.js';
import { ensureResultsDir, writeResultFile } from '../report/output-dir.js';
import { gapsIn } from './integrity.js';
import type { MeasureResult } from './measurement.js';

export function writeConsumerLogs(dir: string, result: MeasureResult): void {
  ensureResultsDir(dir);
  for (const metric of CONSUMER_METRICS) {
    writeResultFile(join(dir, `${metric}.hlog`), result.logs[metric].render(`loadgen ${metric} (receive - ${metric === 'e2e' ? 'intended' : 'actual'} send time), microseconds`));
  }
}

/** The summary of a consumer that ran alone: it knows what it received, not what was acked. */
export interface ConsumerSummary {
  readonly run_id: string | null;
  readonly drained: boolean;
  readonly messages: number;
  readonly received: number;
  /** Gaps in each producer's slot sequence (acked-but-lost can only be known with the producer's acks). */
  readonly lost: number;
  readonly duplicates: number;
  readonly out_of_order: number;
  readonly foreign: number;
  readonly unstamped: number;
  readonly negative_latencies: number;
  /** Offsets deleted before they were read (retention under a slow reader): where reading resumed, and how many records were skipped. */
  readonly offset_resets: MeasureResult['resets'];
  readonly latency_ms: { readonly e2e: ReturnType<typeof summarize>; readonly e2e_uncorrected: ReturnType<typeof summarize> };
  /**
   * `loadgen consume --embedded`: it read librdkafka's mock cluster of a run on this host (its test broker, not
   * Kafka), as in a run's summary.json. Absent when it read a Kafka cluster.
   */
  readonly cluster?: { readonly kind: 'mock'; readonly brokers: number };
}

export function consumerSummary(result: MeasureResult): ConsumerSummary {
  const counts = result.integrity.counts();
  return {
    run_id: result.integrity.runId,
    drained: result.drained,
    messages: result.messages,
    received: counts.received,
    lost: gapsIn(result.integrity.receivedSlots()),
    duplicates: counts.duplicates,
    out_of_order: counts.out_of_order,
    foreign: counts.foreign,
    unstamped: counts.unstamped,
    negative_latencies: result.latency.negative,
    offset_resets: result.resets,
    latency_ms: { e2e: summarize(result.latency.overall('e2e')), e2e_uncorrected: summarize(result.latency.overall('e2e_uncorrected')) },
  };
}

export function writeConsumerResults(dir: string, result: MeasureResult, summary = consumerSummary(result)): ConsumerSummary {
  writeConsumerLogs(dir, result);
  writeResultFile(join(dir, 'consumer.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeHistograms(dir, Object.fromEntries(CONSUMER_METRICS.map((metric) => [metric, result.latency.encodedTopics(metric)])));
  return summary;
}
