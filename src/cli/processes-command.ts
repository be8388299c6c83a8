// `loadgen run --processes N`: one run as N local processes, for a host where one process is the limit. Each
// is an instance of the run (`loadgen run --instances N --instance I`, src/config/instances.ts) with the same
// seed, run id and --start-at, its results in OUT/instances/I; when all have ended they are merged into OUT
// (src/report/merge.ts) and the run's --assert thresholds are checked on the merged summary.
import { join } from 'node:path';
import { ExitCode } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import { RUN_OPTIONS, argsOf, type RunFlags, type RunOption } from '../config/run-options.js';
import { loadSchemaRegistry } from '../events/schema-registry.js';
import { writeHtmlReport } from '../report/html.js';
import { mergeInstances, readInstance, writeMerged } from '../report/merge.js';
import { prepareOutputDir } from '../report/output-dir.js';
import { loadResults } from '../report/results-dir.js';
import { renderSummary } from '../report/summary.js';
import { evaluate, formatResult } from '../thresholds.js';
import { startLoadgenChild } from './child-runs.js';
import type { Io } from './io.js';

/** How long the processes get to start (connect, warm up) before slot 0, when --start-at is not given. */
export const PROCESS_START_MS = 10_000;

/** The options the parent decides for each instance, or keeps to itself (the thresholds it checks on the merge). */
const OWN = new Set(['processes', 'out', 'instances', 'instance', 'startAt', 'runId', 'seed', 'quiet', 'assert']);

/** `loadgen run` arguments of instance `index` of the run `config` resolved from `flags`. */
export function instanceArgs(flags: RunFlags, config: RunConfig, index: number, startAtMs: number): string[] {
  const passed = argsOf(RUN_OPTIONS.filter((o: RunOption) => !OWN.has(o.key)), flags);
  return [
    'run', ...passed, '--instances', String(config.processes), '--instance', String(index), '--start-at', new Date(startAtMs).toISOString(),
    '--seed', String(config.seed), '--run-id', config.runId, '--quiet', '--out', join(config.outDir, 'instances', String(index)),
  ];
}

export async function processesCommand(flags: RunFlags, config: RunConfig, io: Io): Promise<ExitCode> {
  prepareOutputDir(config.outDir, '--out');
  const startAtMs = config.startAtMs ?? io.now() + PROCESS_START_MS;
  io.err(`loadgen: run ${config.runId}: ${config.processes} processes of ${config.workers} thread(s) each, from ${new Date(startAtMs).toISOString()}, seed ${config.seed}; results in ${config.outDir}`);
  const children = Array.from({ length: config.processes }, (_, i) => startLoadgenChild(instanceArgs(flags, config, i, startAtMs), true));
  // The instances have process groups of their own: each signal the parent gets is passed on once (the
  // first stops sending and drains, a second ends them at once, as for one run).
  const unsubscribe = io.onSignal((name) => {
    for (const { child } of children) if (child.exitCode === null) child.kill(name === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  });
  let codes: (number | null)[];
  try {
    codes = await Promise.all(children.map((c) => c.done));
  } finally {
    unsubscribe();
  }
  const failedAt = codes.findIndex((code) => code !== 0 && code !== ExitCode.thresholds);
  if (failedAt >= 0) {
    io.err(`loadgen: instance ${failedAt} ended with ${codes[failedAt] ?? 'a signal'}; its results are in ${join(config.outDir, 'instances', String(failedAt))}; nothing merged`);
    // An instance's bad input is the run's (exit 2); anything else, a failed run.
    return codes[failedAt] === ExitCode.usage ? ExitCode.usage : ExitCode.failure;
  }
  const registry = loadSchemaRegistry();
  const merged = mergeInstances(codes.map((_, i) => readInstance(join(config.outDir, 'instances', String(i)), registry)));
  writeMerged(config.outDir, merged);
  writeHtmlReport(loadResults(config.outDir, registry));
  for (const line of renderSummary(merged.summary)) io.out(line);
  const thresholds = config.assertions.map((a) => evaluate(a, merged.summary));
  for (const r of thresholds) io.out(formatResult(r));
  io.out(`results: ${config.outDir} (merged from ${config.processes} processes)`);
  return thresholds.some((r) => r.status !== 'passed') ? ExitCode.thresholds : ExitCode.ok;
}
