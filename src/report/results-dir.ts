// Reads a results directory back (what `loadgen run` wrote) for re-rendering: summary.json (required, checked
// against its schema), and what the charts need when present: progress.ndjson, the .hlog interval logs and
// histograms.json. Anything missing or damaged is a one-line usage error naming the file; no broker needed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, errors } from '../errors.js';
import type { SchemaRegistry } from '../events/schema-registry.js';
import { METRICS, decode, newHistogram, type Histogram, type Metric } from '../engine/histograms.js';
import { readIntervalLog, type LoggedInterval } from '../engine/interval-log.js';
import type { ProgressSample } from '../run/load-run.js';
import type { RunSummary } from './summary.js';

export interface RunResults {
  readonly dir: string;
  readonly summary: RunSummary;
  readonly progress: readonly ProgressSample[];
  /** Untagged (all topics) one-second intervals per metric; empty when the log is absent. */
  readonly intervals: Readonly<Record<Metric, readonly LoggedInterval[]>>;
  /** Whole-run histograms over all topics, per metric (null when not recorded). */
  readonly overall: Readonly<Record<Metric, Histogram | null>>;
}

export function loadResults(dir: string, registry: SchemaRegistry): RunResults {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw errors.usage(`${dir}: no such results directory`);
  const summary = readJson(join(dir, 'summary.json'), true) as RunSummary;
  const problem = registry.validateSummary(summary);
  if (problem) throw errors.usage(`${join(dir, 'summary.json')}: not a loadgen summary (${problem})`);
  return { dir, summary, progress: readProgress(join(dir, 'progress.ndjson')), intervals: readLogs(dir), overall: readHistograms(join(dir, 'histograms.json')) };
}

function readJson(path: string, required: boolean): unknown {
  if (!existsSync(path)) {
    if (required) throw errors.usage(`${path}: missing (is this a loadgen results directory?)`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw errors.usage(`${path}: not valid JSON (${describe(err)})`);
  }
}

function readProgress(path: string): ProgressSample[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    try {
      const sample = JSON.parse(line) as ProgressSample;
      if (typeof sample.t !== 'number' || typeof sample.ackedRate !== 'number') throw new Error('no t or ackedRate');
      return sample;
    } catch (err) {
      throw errors.usage(`${path}: line ${i + 1} is not a progress sample (${describe(err)})`);
    }
  });
}

function readLogs(dir: string): Record<Metric, LoggedInterval[]> {
  const logs = {} as Record<Metric, LoggedInterval[]>;
  for (const metric of METRICS) {
    const path = join(dir, `${metric}.hlog`);
    let intervals: LoggedInterval[] = [];
    if (existsSync(path)) {
      try {
        intervals = readIntervalLog(readFileSync(path, 'utf8')).filter((i) => i.tag === null);
      } catch (err) {
        throw errors.usage(`${path}: not a readable HdrHistogram log (${describe(err)})`);
      }
    }
    logs[metric] = intervals;
  }
  return logs;
}

function readHistograms(path: string): Record<Metric, Histogram | null> {
  const file = readJson(path, false) as { histograms?: Record<string, Record<string, string>> } | undefined;
  const overall = {} as Record<Metric, Histogram | null>;
  for (const metric of METRICS) {
    const topics = file?.histograms?.[metric];
    if (!topics || Object.keys(topics).length === 0) {
      overall[metric] = null;
      continue;
    }
    const total = newHistogram();
    try {
      for (const encoded of Object.values(topics)) total.add(decode(encoded));
    } catch (err) {
      throw errors.usage(`${path}: ${metric} is not a compressed HdrHistogram (${describe(err)})`);
    }
    overall[metric] = total;
  }
  return overall;
}
