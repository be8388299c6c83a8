// A run's results directory: the raw results every report is rendered from.
//   summary.json     the run summary (schemas/summary.schema.json)
//   histograms.json  every latency histogram, per metric and topic, as compressed HdrHistogram encodings
//   progress.ndjson  one line per second of the run
//   publish_delay.hlog, ack.hlog, ack_uncorrected.hlog   one-second interval histograms (HdrHistogram log
//                    format, microseconds); the companion consumer writes e2e.hlog and e2e_uncorrected.hlog
//   slots.json       one instance of a scaled-out run: the slots acked and read per producer id (SlotSet,
//                    base64), which loadgen merge unites to count what was lost
import { join } from 'node:path';
import { appendResultFile, ensureResultsDir, writeResultFile } from './output-dir.js';
import { METRICS, PRODUCER_METRICS } from '../engine/histograms.js';
import type { ProgressSample } from '../engine/monitor.js';
import type { RunOutcome } from '../engine/run-outcome.js';
import { recorderFor, type ConsumerOutcome, type RunSummary } from './summary.js';
import { encodeSlotSets } from '../engine/slot-set.js';

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
  // The warm-up's and the phases' histograms (producer and consumer metrics side by side), for loadgen merge.
  const segments: Record<string, Record<string, string>> = {};
  for (const recorder of [outcome.latency, consumer?.latency]) {
    for (const [segment, byMetric] of Object.entries(recorder?.encodedSegments() ?? {})) segments[segment] = { ...segments[segment], ...byMetric };
  }
  writeHistograms(dir, histograms, segments);
  if (summary.instances) {
    const slots = { acked: encodeSlotSets(outcome.accounting.ackedSlotsByProducer()), received: consumer?.receivedSlots ? encodeSlotSets(consumer.receivedSlots) : null };
    writeResultFile(join(dir, SLOTS_FILE), `${JSON.stringify(slots)}\n`);
  }
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

export const SLOTS_FILE = 'slots.json';

/** histograms.json: metric -> topic -> compressed HdrHistogram; segments: segment (-1 the warm-up, 0.. the phases) -> metric -> one. */
export function writeHistograms(dir: string, histograms: Readonly<Record<string, Readonly<Record<string, string>>>>, segments: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): void {
  const body = Object.keys(segments).length > 0 ? { unit: 'microseconds', histograms, segments } : { unit: 'microseconds', histograms };
  writeResultFile(join(dir, 'histograms.json'), `${JSON.stringify(body, null, 2)}\n`);
}
