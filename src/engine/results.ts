// A run's results directory: the raw results every report is rendered from.
//   summary.json     the run summary (schemas/summary.schema.json)
//   histograms.json  every latency histogram, per metric and topic, as compressed HdrHistogram encodings
//   progress.ndjson  one line per second of the run
//   publish_delay.hlog, ack.hlog, ack_uncorrected.hlog   one-second interval histograms (HdrHistogram log
//                    format, microseconds); the companion consumer writes e2e.hlog and e2e_uncorrected.hlog
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../errors.js';
import { METRICS, PRODUCER_METRICS } from './histograms.js';
import type { RunOutcome } from './load-run.js';
import { recorderFor, type ConsumerOutcome, type RunSummary } from './summary.js';

const DESCRIPTIONS: Record<(typeof PRODUCER_METRICS)[number], string> = {
  publish_delay: 'actual - intended send time',
  ack: 'ack - intended send time (corrected)',
  ack_uncorrected: 'ack - actual send time',
};

/** Writes the results synchronously (also used on a second signal, just before the process exits). */
export function writeResults(dir: string, summary: RunSummary, outcome: RunOutcome, consumer: ConsumerOutcome | null = null): void {
  writeInto(dir, () => {
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    const histograms: Record<string, Record<string, string>> = {};
    for (const metric of METRICS) histograms[metric] = recorderFor(metric, outcome, consumer)?.encodedTopics(metric) ?? {};
    writeHistograms(dir, histograms);
    for (const metric of PRODUCER_METRICS) {
      writeFileSync(join(dir, `${metric}.hlog`), outcome.logs[metric].render(`loadgen ${metric} (${DESCRIPTIONS[metric]}), microseconds`));
    }
    writeFileSync(join(dir, 'progress.ndjson'), outcome.progress.map((p) => JSON.stringify(p)).join('\n') + (outcome.progress.length ? '\n' : ''));
  });
}

/** histograms.json: metric -> topic -> compressed HdrHistogram. */
export function writeHistograms(dir: string, histograms: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
  writeFileSync(join(dir, 'histograms.json'), JSON.stringify({ unit: 'microseconds', histograms }, null, 2) + '\n');
}

/** Creates `dir` and runs `body`, which writes into it; a failure is a usage error naming --out. */
export function writeInto(dir: string, body: () => void): void {
  try {
    mkdirSync(dir, { recursive: true });
    body();
  } catch (err) {
    throw errors.usage(`--out ${dir}: cannot write results (${err instanceof Error ? err.message : String(err)})`);
  }
}
