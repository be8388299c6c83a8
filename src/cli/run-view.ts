// How `loadgen run` shows a run: the human view (a progress line each second, notices, the end-of-run table
// and threshold lines) or, with --log-format json, one JSON object per line on stdout (src/telemetry/log.ts):
// notices, progress samples, the summary, thresholds. On a terminal the progress line stays human in both.
// Errors are not a view's business: the run command writes them on stderr as one line in either format.
import type { RunConfig } from '../config/run-config.js';
import type { ProgressSample } from '../engine/monitor.js';
import { hostFlag } from '../engine/host-load.js';
import { renderSummary } from '../report/summary.js';
import type { LoadResult, RunNotice } from '../run/run-load.js';
import { jsonRunLog, progressFields } from '../telemetry/log.js';
import { formatResult } from '../thresholds.js';
import type { Io } from './io.js';

export interface RunView {
  progress(sample: ProgressSample): void;
  notice(notice: RunNotice): void;
  /** The end: the summary (also when the results directory could not be written), where it is, thresholds. */
  result(result: LoadResult): void;
}

export function textView(io: Io, config: Pick<RunConfig, 'quiet'>): RunView {
  return {
    progress: (sample) => {
      if (!config.quiet) io.progress(formatProgress(sample));
    },
    notice: (notice) => {
      if (notice.kind === 'draining') {
        if (!config.quiet) io.progress(notice.text);
      } else if (notice.kind === 'starting') {
        if (!config.quiet) io.err(`loadgen: ${notice.text}`);
      } else io.err(`${notice.kind === 'stopping' ? '\n' : ''}loadgen: ${notice.text}`);
    },
    result: (result) => {
      io.progressEnd();
      for (const line of renderSummary(result.summary)) io.out(line);
      if (result.kind === 'unwritten') {
        // What was measured is never lost: the summary goes to stdout, from which `loadgen report` can't
        // re-render it, but every figure of the table and of summary.json is there.
        io.out(JSON.stringify(result.summary, null, 2));
        return;
      }
      io.out(`results: ${result.dir}`);
      for (const r of result.thresholds) io.out(formatResult(r));
    },
  };
}

export function jsonView(io: Io, config: Pick<RunConfig, 'quiet' | 'runId'>): RunView {
  const log = jsonRunLog(config.runId, (line) => io.out(line));
  const level = { starting: 'info', draining: 'info', warning: 'warn', stopping: 'error' } as const;
  return {
    progress: (sample) => {
      if (io.progressIsTerminal && !config.quiet) io.progress(formatProgress(sample));
      log.info(progressFields(sample), 'progress');
    },
    notice: (notice) => log[level[notice.kind]]({ event: notice.kind }, notice.text),
    result: (result) => {
      if (io.progressIsTerminal && !config.quiet) io.progressEnd();
      log.info({ event: 'summary', summary: result.summary, ...(result.kind === 'written' ? { results: result.dir } : {}) }, 'summary');
      for (const r of result.thresholds) log[r.status === 'passed' ? 'info' : 'warn']({ event: 'threshold', assertion: r.assertion.text, status: r.status }, formatResult(r));
    },
  };
}

const ms = (x: number | null) => (x === null ? '-' : `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`);

export function formatProgress(p: ProgressSample): string {
  const target = p.targetRate === null ? 'max' : `${Math.round(p.targetRate).toLocaleString('en-US')}/s`;
  return (
    `[${String(p.t).padStart(5)}s] target ${target}  acked ${p.ackedRate.toLocaleString('en-US')}/s  total ${p.acked.toLocaleString('en-US')}` +
    `  failed ${p.failed.toLocaleString('en-US')}  in flight ${p.inFlight.toLocaleString('en-US')}` +
    `  publish-delay p99 ${ms(p.publishDelayP99)}  ack p99 ${ms(p.ackP99)}${p.saturated ? '  GENERATOR SATURATED' : ''}${hostFlag(p.host)}` +
    (p.brokerError ? `  KAFKA ERROR: ${p.brokerError}` : '')
  );
}
