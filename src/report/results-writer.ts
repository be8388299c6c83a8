// A run's results directory: the raw results every report is rendered from.
//   summary.json     the run summary (schemas/summary.schema.json)
//   histograms.json  every latency histogram, per metric and topic, as compressed HdrHistogram encodings
//   progress.ndjson  one line per second of the run
//   publish_delay.hlog, ack.hlog, ack_uncorrected.hlog   one-second interval histograms (HdrHistogram log
//                    format, microseconds); the companion consumer writes e2e.hlog and e2e_uncorrected.hlog
import { join } from 'node:path';
import { appendResultFile, ensureResultsDir, writeResultFile } from './output-dir.js';
import { METRICS, PRODUCER_METRICS } from '../engine/histograms.js';
import type { ProgressSample } from '../engine/monitor.js';
import type { RunOutcome } from '../engine/run-outcome.js';
import { recorderFor, type ConsumerOutcome, type RunSummary } from './summary.js';

const DESCRIPTIONS: Record<(typeof PRODUCER_METRICS)[number], string> = {
  publish_delay: 'actual - intended send time',
  ack: 'ack - intended send time (corrected)',
  ack_uncorrected: 'ack - actual send time',
};

/**
 * Writes the results synchronously (also used on a second signal, just before the process exits). A file
 * that cannot be written throws an error naming it (exit 1); the caller still has everything in memory.
 */
export function writeResults(dir: string, summary: RunSummary, outcome: RunOutcome, consumer: ConsumerOutcome | null = null): void {
  ensureResultsDir(dir);
  writeResultFile(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const histograms: Record<string, Record<string, string>> = {};
  for (const metric of METRICS) histograms[metric] = recorderFor(metric, outcome, consumer)?.encodedTopics(metric) ?? {};
  writeHistograms(dir, histograms);
  for (const metric of PRODUCER_METRICS) {
    writeResultFile(join(dir, `${metric}.hlog`), outcome.logs[metric].render(`loadgen ${metric} (${DESCRIPTIONS[metric]}), microseconds`));
  }
  writeResultFile(join(dir, PROGRESS_FILE), outcome.progress.map((p) => JSON.stringify(p)).join('\n') + (outcome.progress.length ? '\n' : ''));
}

export const PROGRESS_FILE = 'progress.ndjson';

/**
 * progress.ndjson as the run goes: one line a second, so a run that dies still leaves its progress, and a
 * results directory that stops being writable is noticed while the run can still stop cleanly.
 */
export function appendProgress(dir: string, sample: ProgressSample): void {
  appendResultFile(join(dir, PROGRESS_FILE), `${JSON.stringify(sample)}\n`);
}

/** histograms.json: metric -> topic -> compressed HdrHistogram. */
export function writeHistograms(dir: string, histograms: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
  writeResultFile(join(dir, 'histograms.json'), `${JSON.stringify({ unit: 'microseconds', histograms }, null, 2)}\n`);
}
