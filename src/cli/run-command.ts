// `loadgen run` (also `loadgen --rate ...`): resolve the options into a RunConfig, run it through the library
// (src/run/run-load.ts: checks before any network I/O, the run, the results directory), print progress each
// second and the table at the end, and map the result to an exit code.
// Signals: the first SIGINT/SIGTERM stops sending and drains (status "interrupted"); a second exits at once
// with a partial summary (status "partial", exit code 130), whatever the run is doing.
// Results: --out is created and proved writable before anything connects (exit 2 if not). If it stops being
// writable during the run, sending stops, and the table and summary JSON go to stdout instead (exit 1).
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { mergeConfigFiles, resolveRunConfig, type RunFlags } from '../config/run-config.js';
import { type ExitCode, describe, errors } from '../errors.js';
import { embeddedRegistryDir } from '../kafka/embedded-registry.js';
import { exitCodeOf, startRun } from '../run/run-load.js';
import type { Io } from './io.js';
import { jsonView, textView } from './run-view.js';
import { processesCommand } from './processes-command.js';

export const INTERRUPTED_TWICE = 130;

export async function runCommand(flags: RunFlags & { config?: unknown }, io: Io): Promise<ExitCode | typeof INTERRUPTED_TWICE> {
  // --config may be repeated: later files win (the run's shape in one, the connection and its secrets in another).
  const paths = flags.config === undefined ? [] : Array.isArray(flags.config) ? flags.config : [flags.config];
  for (const path of paths) if (typeof path !== 'string' || path === '') throw errors.invalidOption('--config', path, 'a JSON file');
  const merged = paths.length > 0 ? mergeConfigFiles(flags, (paths as string[]).map((path) => ({ path, content: readConfigFile(path) }))) : flags;
  const config = resolveRunConfig(merged, { env: io.env, nowMs: io.now(), randomU32: () => randomInt(0, 2 ** 32 - 1), readFile: (path) => readFileSync(path, 'utf8') });
  if (config.processes > 1) return processesCommand(flags, config, io);
  const view = config.logFormat === 'json' ? jsonView(io, config) : textView(io, config);
  const run = await startRun(config, {
    onProgress: (sample) => view.progress(sample),
    onNotice: (notice) => view.notice(notice),
    embeddedRegistry: embeddedRegistryDir(io.env),
  });

  let signals = 0;
  let interruptedTwice = false;
  const unsubscribe = io.onSignal((name) => {
    signals++;
    if (signals === 1) {
      io.err(`\nloadgen: ${name}: stopping, draining what is in flight (again to exit at once)`);
      run.stop();
      return;
    }
    interruptedTwice = true;
    // Exit whatever happens: a partial summary is worth a try, never a hang or an exception here.
    try {
      const dir = run.abandon();
      io.err(`loadgen: ${name} again: exiting with a partial summary in ${dir}`);
    } catch (err) {
      io.err(`loadgen: ${name} again: exiting; no partial summary (${describe(err)})`);
    }
    io.exit(INTERRUPTED_TWICE);
  });
  try {
    const result = await run.done;
    if (interruptedTwice) return INTERRUPTED_TWICE;
    view.result(result);
    if (result.kind === 'unwritten') {
      const where = config.logFormat === 'json' ? "the summary line above (stdout) is the run's results" : "the table and summary JSON above are the run's results";
      io.err(`loadgen: ${result.problem}; the results directory ${config.outDir} is incomplete: ${where}`);
      return exitCodeOf(result);
    }
    const failed = result.summary.events.failed.toLocaleString('en-US');
    if (result.outcome.failure !== undefined) io.err(`loadgen: ${result.outcome.failure}: sending stopped, ${failed} event(s) counted failed (see failures in the summary)`);
    else if (result.outcome.status === 'aborted') {
      // With --embedded, config.brokers is a placeholder (the mock brokers' ports come at the run's start).
      const cluster = config.cluster.kind === 'mock' ? "librdkafka's mock cluster" : `the cluster at ${config.brokers}`;
      io.err(`loadgen: ${cluster} stopped answering: sending stopped, ${failed} event(s) counted failed`);
    }
    return exitCodeOf(result);
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
    throw errors.usage(`--config: ${path} is not valid JSON (${describe(err)})`);
  }
}
