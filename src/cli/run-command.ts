// `loadgen run` (also `loadgen --rate ...`): resolve options, check them before any network I/O, run, print
// progress each second and the table at the end, and write the results directory.
// Signals: the first SIGINT/SIGTERM stops sending and drains (status "interrupted"); a second exits at once
// with a partial summary (status "partial", exit code 130), whatever the run is doing.
// Results: --out is created and proved writable before anything connects (exit 2 if not). If it stops being
// writable during the run, sending stops, and the table and summary JSON go to stdout instead (exit 1).
import { readFileSync } from 'node:fs';
import Kafka from 'node-rdkafka';
import { randomInt } from 'node:crypto';
import { ExitCode, describe, errors, isLoadgenError } from '../errors.js';
import { evaluate, formatResult } from '../thresholds.js';
import { DEFAULT_SCHEMAS_DIR, loadSchemaRegistry } from '../events/schema-registry.js';
import { startLoad, type ProgressSample } from '../run/load-run.js';
import { startNativeLoad } from '../run/native-run.js';
import { TOPICS } from '../events/event-types.js';
import { consumerOutcome, startCompanion, type Companion } from '../consumer/companion.js';
import { sharedClientProperties } from '../config/connection.js';
import { checkProperties } from '../kafka/rdkafka-producer.js';
import { appendProgress, writeResults } from '../report/results-writer.js';
import { prepareOutputDir } from '../report/output-dir.js';
import { loadResults } from '../report/results-dir.js';
import { writeHtmlReport } from './report-command.js';
import { mergeConfigFile, resolveRunConfig, type RunFlags } from '../config/run-config.js';
import { buildSummary, renderSummary } from '../report/summary.js';
import { DEFAULT_SCENARIO, loadScenarioFile } from '../model/scenario.js';
import type { Io } from './io.js';
import { targetRate } from '../engine/pacer.js';

export const INTERRUPTED_TWICE = 130;

export async function runCommand(flags: RunFlags & { config?: unknown }, io: Io): Promise<ExitCode | typeof INTERRUPTED_TWICE> {
  if (flags.config !== undefined && typeof flags.config !== 'string') throw errors.invalidOption('--config', flags.config, 'a JSON file');
  const merged = typeof flags.config === 'string' ? mergeConfigFile(flags, readConfigFile(flags.config), flags.config) : flags;
  const config = resolveRunConfig(merged, { env: io.env, nowMs: io.now(), randomU32: () => randomInt(0, 2 ** 32 - 1) });
  checkProperties(Kafka, config.userProperties);
  const registry = loadSchemaRegistry();
  const scenario = config.scenarioFile ? loadScenarioFile(config.scenarioFile, registry) : DEFAULT_SCENARIO;
  prepareOutputDir(config.outDir, '--out');

  const rate = targetRate(config.schedule);
  const target = rate === null ? 'max' : `${rate.toLocaleString('en-US')}/s`;
  if (!config.quiet) io.err(`loadgen: run ${config.runId}: ${target} to ${config.brokers} with ${config.workers} ${config.producer === 'native' ? 'producer' : 'generator'} thread(s), seed ${config.seed}`);
  // The companion consumer first: it must be reading from the topics' current ends before anything is sent.
  const companion: Companion | null = config.consumer
    ? await startCompanion({
        connection: { brokers: config.brokers, timeoutMs: config.connectTimeoutMs, properties: sharedClientProperties(config.properties) },
        runId: config.runId,
        topics: TOPICS,
        outDir: config.outDir,
        threads: config.consumerThreads,
      })
    : null;
  // The first results file that could not be written; the run stops sending when it happens.
  let unwritable: unknown;
  let stopRun: () => void = () => undefined;
  const run = await (config.producer === 'native' ? startNativeLoad : startLoad)({
    config,
    scenario,
    schemasDir: DEFAULT_SCHEMAS_DIR,
    onProgress: (sample) => {
      if (!config.quiet) io.progress(formatProgress(sample));
      if (unwritable !== undefined) return;
      try {
        appendProgress(config.outDir, sample);
      } catch (err) {
        unwritable = err;
        io.err(`\nloadgen: ${describe(err)}: stopping, draining what is in flight; the results will be printed instead`);
        stopRun();
      }
    },
    onStart: (startMs) => companion?.start(startMs),
  }).catch((err: unknown) => {
    companion?.kill();
    throw err;
  });
  stopRun = () => run.stop();

  let signals = 0;
  let exitCode: ExitCode | typeof INTERRUPTED_TWICE | undefined;
  const unsubscribe = io.onSignal((name) => {
    signals++;
    if (signals === 1) {
      io.err(`\nloadgen: ${name}: stopping, draining what is in flight (again to exit at once)`);
      run.stop();
      return;
    }
    companion?.kill();
    exitCode = INTERRUPTED_TWICE;
    // Exit whatever happens: a partial summary is worth a try, never a hang or an exception here.
    try {
      const outcome = run.snapshot();
      writeResults(config.outDir, buildSummary(config, outcome, 'partial'), outcome);
      io.err(`loadgen: ${name} again: exiting with a partial summary in ${config.outDir}`);
    } catch (err) {
      io.err(`loadgen: ${name} again: exiting; no partial summary (${describe(err)})`);
    }
    io.exit(INTERRUPTED_TWICE);
  });
  try {
    const outcome = await run.done.catch((err: unknown) => {
      companion?.kill();
      throw err;
    });
    if (exitCode !== undefined) return exitCode;
    if (companion && !config.quiet) io.progress(`draining: the consumer reads what was acked (up to ${config.drainTimeoutMs / 1000} s)`);
    // A consumer that cannot finish (the cluster went away) costs the e2e figures, never the run's summary.
    const answer = companion ? await companion.finish(config.drainTimeoutMs).catch((err: unknown) => {
      io.err(`loadgen: warning: ${describe(err)}; the summary has no consumer figures`);
      return null;
    }) : null;
    const consumer = answer ? consumerOutcome(answer.report, outcome.accounting.ackedSlotsByProducer()) : null;
    if (exitCode !== undefined) return exitCode;
    const summary = buildSummary(config, outcome, outcome.status, consumer);
    const problem = registry.validateSummary(summary);
    if (problem) io.err(`loadgen: warning: summary.json does not match its schema: ${problem}`);
    if (answer?.unwritten !== undefined) unwritable ??= answer.unwritten;
    if (unwritable === undefined) {
      try {
        writeResults(config.outDir, summary, outcome, consumer);
        writeHtmlReport(loadResults(config.outDir, registry));
      } catch (err) {
        if (!isLoadgenError(err)) throw err;
        unwritable = err;
      }
    }
    io.progressEnd();
    for (const line of renderSummary(summary)) io.out(line);
    if (unwritable !== undefined) {
      // What was measured is never lost: the summary goes to stdout, from which `loadgen report` can't
      // re-render it, but every figure of the table and of summary.json is there.
      io.out(JSON.stringify(summary, null, 2));
      io.err(`loadgen: ${describe(unwritable)}; the results directory ${config.outDir} is incomplete: the table and summary JSON above are the run's results`);
      return ExitCode.failure;
    }
    io.out(`results: ${config.outDir}`);
    const results = config.assertions.map((a) => evaluate(a, summary));
    for (const r of results) io.out(formatResult(r));
    if (outcome.failure !== undefined) {
      io.err(`loadgen: ${outcome.failure}: sending stopped, ${summary.events.failed.toLocaleString('en-US')} event(s) counted failed (see failures in the summary)`);
      return ExitCode.failure;
    }
    if (outcome.status === 'aborted') {
      io.err(`loadgen: the cluster at ${config.brokers} stopped answering: sending stopped, ${summary.events.failed.toLocaleString('en-US')} event(s) counted failed`);
      return ExitCode.failure;
    }
    return results.every((r) => r.status === 'passed') ? ExitCode.ok : ExitCode.thresholds;
  } finally {
    unsubscribe();
  }
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw errors.usage(`--config: cannot read ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.usage(`--config: ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

const ms = (x: number | null) => (x === null ? '-' : `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`);

export function formatProgress(p: ProgressSample): string {
  const target = p.targetRate === null ? 'max' : `${p.targetRate.toLocaleString('en-US')}/s`;
  return (
    `[${String(p.t).padStart(5)}s] target ${target}  acked ${p.ackedRate.toLocaleString('en-US')}/s  total ${p.acked.toLocaleString('en-US')}` +
    `  failed ${p.failed.toLocaleString('en-US')}  in flight ${p.inFlight.toLocaleString('en-US')}` +
    `  publish-delay p99 ${ms(p.publishDelayP99)}  ack p99 ${ms(p.ackP99)}${p.saturated ? '  GENERATOR SATURATED' : ''}` +
    (p.brokerError ? `  KAFKA ERROR: ${p.brokerError}` : '')
  );
}
