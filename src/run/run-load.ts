// One `loadgen run`, as a library: check what can be checked before any network I/O (the librdkafka
// properties, the scenario, a writable results directory), start the companion consumer, produce, drain the
// consumer, build the summary, store the raw results (summary.json, histograms, .hlog files, progress) with
// report.html rendered from them, and evaluate the thresholds. The CLI (src/cli/run-command.ts) only maps
// flags to a RunConfig, prints, and handles signals; benchmarks and tests call the same function.
//
// A results directory that stops being writable stops the run (sending stops, what is in flight drains); the
// result then says so and still holds every figure, so nothing measured is lost.
import Kafka from 'node-rdkafka';
import { sharedClientProperties } from '../config/connection.js';
import type { RunConfig } from '../config/run-config.js';
import { consumerOutcome, startCompanion } from '../consumer/companion.js';
import { systemClock, type TimerClock } from '../engine/clock.js';
import type { ProgressSample } from '../engine/monitor.js';
import { describeSchedule } from '../engine/pacer.js';
import { hasSegments } from '../engine/segments.js';
import { HostSampler, readProcFile } from '../engine/host-load.js';
import type { RunCounts } from '../engine/accounting.js';
import type { LoadRun, RunOutcome } from '../engine/run-outcome.js';
import { ExitCode, describe, errors, isLoadgenError } from '../errors.js';
import { TOPICS } from '../events/event-types.js';
import { DEFAULT_SCHEMAS_DIR, loadSchemaRegistry, type SchemaRegistry } from '../events/schema-registry.js';
import { checkProperties } from '../kafka/rdkafka-producer.js';
import { DEFAULT_SCENARIO, loadScenarioFile, type Scenario } from '../model/scenario.js';
import { writeHtmlReport } from '../report/html.js';
import { prepareOutputDir } from '../report/output-dir.js';
import { loadResults } from '../report/results-dir.js';
import { appendProgress, writeResults } from '../report/results-writer.js';
import { buildSummary, type ConsumerOutcome, type RunSummary } from '../report/summary.js';
import { evaluate, type AssertionResult } from '../thresholds.js';
import { startLoad, type LoadRunOptions } from './load-run.js';
import { RunMetrics } from '../telemetry/run-metrics.js';
import { startMetricsServer } from '../telemetry/metrics-server.js';
import { exporterFor, startTraceExport } from '../telemetry/tracing.js';
import { startNativeLoad } from './native-run.js';
import { MOCK_CONSUMER_PROPERTIES, startEmbeddedCluster } from '../kafka/embedded-cluster.js';
import { announceCluster } from '../kafka/embedded-registry.js';
import { DEFAULT_PARTITIONS } from '../topics.js';

/** What a run tells the people watching it, besides its progress; the CLI decides where each goes. */
export type RunNotice =
  | { readonly kind: 'starting'; readonly text: string }
  | { readonly kind: 'draining'; readonly text: string }
  | { readonly kind: 'warning'; readonly text: string }
  /** The results directory stopped being writable: the run stops sending and drains. */
  | { readonly kind: 'stopping'; readonly text: string };

export interface RunLoadDeps {
  /** The session model (default: config.scenarioFile's, else the built-in one). */
  readonly scenario?: Scenario;
  readonly registry?: SchemaRegistry;
  readonly schemasDir?: string;
  /** Time and timers for the producing side (default: the system's). */
  readonly clock?: TimerClock;
  /** Each second's progress, after it was appended to progress.ndjson. */
  readonly onProgress?: (sample: ProgressSample) => void;
  readonly onNotice?: (notice: RunNotice) => void;
  /** Stops the run gracefully (stop sending, drain), like a first SIGINT. */
  readonly signal?: AbortSignal;
  /** The producing side (default: config.producer's: producer threads, or node-rdkafka on the main thread). */
  readonly startProducing?: (options: LoadRunOptions) => Promise<LoadRun>;
  /** Reads a /proc file for the host's figures (default: the file's text, null when unreadable). */
  readonly readProc?: (path: string) => string | null;
  /** The companion consumer (default: a `loadgen consume --companion` child process). */
  readonly startCompanion?: typeof startCompanion;
  /**
   * With --embedded: where to announce the mock cluster while the run lasts, for `loadgen consume --embedded`
   * and `topics --embedded` (src/kafka/embedded-registry.ts; the CLI passes its directory). Default: not announced.
   */
  readonly embeddedRegistry?: string;
}

interface Measured {
  readonly outcome: RunOutcome;
  readonly summary: RunSummary;
  readonly consumer: ConsumerOutcome | null;
  readonly thresholds: readonly AssertionResult[];
}

/**
 * written: the results directory holds the run. unwritten: it could not be written (`problem` says why);
 * the summary is here and nowhere else.
 */
export type LoadResult = (Measured & { readonly kind: 'written'; readonly dir: string }) | (Measured & { readonly kind: 'unwritten'; readonly problem: string });

export interface RunningLoad {
  /** Graceful stop (first signal): stop sending, drain, finish. */
  stop(): void;
  /**
   * At once (second signal): ends the companion and writes a partial summary of what is known now; returns
   * the results directory. Throws if it cannot be written.
   */
  abandon(): string;
  readonly done: Promise<LoadResult>;
}

export async function runLoad(config: RunConfig, deps: RunLoadDeps = {}): Promise<LoadResult> {
  return (await startRun(config, deps)).done;
}

/**
 * runLoad with a handle for signals: resolves once the run is producing. With --embedded, the mock cluster
 * is started first (the pipeline topics created on it) and stopped when the run is done.
 */
export async function startRun(config: RunConfig, deps: RunLoadDeps = {}): Promise<RunningLoad> {
  if (config.cluster.kind !== 'mock') return startRunOn(config, deps);
  const cluster = startEmbeddedCluster(config.cluster.brokers, Object.fromEntries(TOPICS.map((topic) => [topic, DEFAULT_PARTITIONS])));
  let withdraw: (() => void) | null = null;
  const close = () => {
    withdraw?.();
    // A cluster that stopped mid-run took its records with it: the run counted them failed; this says why.
    const failure = cluster.failure();
    if (failure !== null) deps.onNotice?.({ kind: 'warning', text: `warning: librdkafka's mock cluster stopped during the run (${failure}); the records it had not acked were counted failed` });
    cluster.close();
  };
  try {
    if (deps.embeddedRegistry !== undefined) {
      // A convenience for other commands: a directory that cannot be written costs them, never the run.
      try {
        withdraw = announceCluster(deps.embeddedRegistry, { pid: process.pid, runId: config.runId, bootstraps: cluster.bootstraps, brokers: cluster.brokers });
      } catch (err) {
        deps.onNotice?.({ kind: 'warning', text: `the mock cluster is not announced for consume/topics --embedded (${describe(err)}); they can reach it with --brokers ${cluster.bootstraps}` });
      }
    }
    const running = await startRunOn(Object.freeze({ ...config, brokers: cluster.bootstraps }), deps);
    return { ...running, done: running.done.finally(close) };
  } catch (err) {
    close();
    throw err;
  }
}

async function startRunOn(config: RunConfig, deps: RunLoadDeps): Promise<RunningLoad> {
  const notify = deps.onNotice ?? (() => undefined);
  checkProperties(Kafka, config.userProperties);
  for (const phase of config.phases) {
    try {
      checkProperties(Kafka, phase.properties);
    } catch (err) {
      throw isLoadgenError(err) ? errors.usage(`phase ${phase.name}: ${err.message.replace(/^-X /, '')}`) : err;
    }
  }
  const registry = deps.registry ?? loadSchemaRegistry();
  const scenario = deps.scenario ?? (config.scenarioFile ? loadScenarioFile(config.scenarioFile, registry) : DEFAULT_SCENARIO);
  prepareOutputDir(config.outDir, '--out');
  // The metrics endpoint before anything connects: a port in use is bad input, found before anything is sent.
  // The run's counts: one live object for the whole run (each design's accounting), read at every scrape.
  let counts: RunCounts | null = null;
  const metrics = config.metrics ? new RunMetrics({ runId: config.runId, producer: config.producer, workers: config.workers, consumer: config.consumer, counts: () => counts }) : null;
  const server = metrics && config.metrics ? await startMetricsServer(metrics.registry, config.metrics.host, config.metrics.port, () => counts !== null) : null;
  const closeMetrics = async (lingerMs: number) => {
    metrics?.close();
    await server?.close(lingerMs);
  };

  const rate = describeSchedule(config.schedule);
  const threads = `${config.workers} ${config.producer === 'native' ? 'producer' : 'generator'} thread(s)`;
  const tracing = config.traceExport ? startTraceExport(exporterFor(config.traceExport), config.runId, 'producer') : null;
  // A run that fails before it produces must not leave the endpoint listening (it would keep the process alive).
  const failEarly = async (err: unknown): Promise<never> => {
    await closeMetrics(0);
    await tracing?.shutdown().catch(() => undefined);
    throw err;
  };
  const traced = config.traceSample > 0 ? `; tracing ${Number((config.traceSample * 100).toPrecision(6))}% of events${config.traceExport ? ` to ${config.traceExport.url}` : ''}` : '';
  const where = config.cluster.kind === 'mock' ? `librdkafka's mock cluster (${config.cluster.brokers} brokers inside loadgen at ${config.brokers}; not Kafka)` : config.brokers;
  notify({ kind: 'starting', text: `run ${config.runId}: ${rate} to ${where} with ${threads}, seed ${config.seed}${server ? `; metrics on ${server.url}/metrics` : ''}${traced}` });
  // The companion consumer first: it must be reading from the topics' current ends before anything is sent.
  const companion = config.consumer
    ? await (deps.startCompanion ?? startCompanion)({
        connection: { brokers: config.brokers, timeoutMs: config.connectTimeoutMs, properties: { ...sharedClientProperties(config.properties), ...(config.cluster.kind === 'mock' ? MOCK_CONSUMER_PROPERTIES : {}) } },
        runId: config.runId,
        topics: TOPICS,
        outDir: config.outDir,
        threads: config.consumerThreads,
        intervals: metrics !== null,
        ...(hasSegments(config.timeline) ? { timeline: config.timeline } : {}),
        ...(config.instances.count > 1 ? { share: config.instances } : {}),
        ...(config.phases.some((p) => !p.consumer) ? { pauses: config.phases.filter((p) => !p.consumer).map((p) => ({ fromS: p.start, toS: p.start + p.duration })) } : {}),
        ...(config.traceExport ? { traces: config.traceExport } : {}),
      }, { interval: (metric, interval) => metrics?.interval(metric, interval), progress: (p) => metrics?.consumerProgress(p.lag, p.soFar) }).catch(failEarly)
    : null;

  // The machine beside the latencies: its CPUs' busy and stolen time, and loadgen's processes' CPU.
  const host = new HostSampler(deps.readProc ?? readProcFile, () => [
    { label: 'loadgen', pid: process.pid },
    ...(companion?.pid === undefined ? [] : [{ label: 'consumer', pid: companion.pid }]),
  ], (deps.clock ?? systemClock).nowUs());

  // The first results file that could not be written; the run stops sending when it happens.
  let unwritable: unknown;
  let stopRun: () => void = () => undefined;
  const startProducing = deps.startProducing ?? (config.producer === 'native' ? startNativeLoad : startLoad);
  const producing = await startProducing({
    config,
    scenario,
    schemasDir: deps.schemasDir ?? DEFAULT_SCHEMAS_DIR,
    ...(deps.clock ? { clock: deps.clock } : {}),
    onProgress: (sample) => {
      if (unwritable === undefined) {
        try {
          appendProgress(config.outDir, sample);
        } catch (err) {
          unwritable = err;
          notify({ kind: 'stopping', text: `${describe(err)}: stopping, draining what is in flight; the results will be printed instead` });
          stopRun();
        }
      }
      metrics?.sample(sample);
      deps.onProgress?.(sample);
    },
    ...(metrics ? { onInterval: (metric, interval) => metrics.interval(metric, interval) } : {}),
    ...(tracing ? { onSpans: (spans) => tracing.produced(spans, (i) => TOPICS[i] ?? `topic-${i}`) } : {}),
    onStart: (startMs) => companion?.start(startMs),
    ...(host.available ? { host: (nowUs: number) => host.sample(nowUs) } : {}),
  }).catch((err: unknown) => {
    companion?.kill();
    return failEarly(err);
  });
  counts = producing.snapshot().accounting;
  const stop = () => producing.stop();
  stopRun = stop;
  deps.signal?.addEventListener('abort', stop, { once: true });
  if (deps.signal?.aborted) stop();

  let abandoned = false;
  const done = (async (): Promise<LoadResult> => {
    try {
      const outcome = await producing.done.catch((err: unknown) => {
        companion?.kill();
        throw err;
      });
      if (companion && !abandoned) notify({ kind: 'draining', text: `draining: the consumer reads what was acked (up to ${config.drainTimeoutMs / 1000} s)` });
      // A consumer that cannot finish (the cluster went away) costs the e2e figures, never the run's summary.
      const answer = companion && !abandoned
        ? await companion.finish(config.drainTimeoutMs).catch((err: unknown) => {
            notify({ kind: 'warning', text: `warning: ${describe(err)}; the summary has no consumer figures` });
            return null;
          })
        : null;
      const consumer = answer ? consumerOutcome(answer.report, outcome.accounting.ackedSlotsByProducer()) : null;
      // Scrapes from now on read the final values: every event settled, the consumer's last second sent.
      server?.markFinal();
      const summary = buildSummary(config, outcome, outcome.status, consumer);
      const problem = registry.validateSummary(summary);
      if (problem) notify({ kind: 'warning', text: `warning: summary.json does not match its schema: ${problem}` });
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
      const measured = { outcome, summary, consumer, thresholds: config.assertions.map((a) => evaluate(a, summary)) };
      return unwritable === undefined ? { kind: 'written', dir: config.outDir, ...measured } : { kind: 'unwritten', problem: describe(unwritable), ...measured };
    } finally {
      deps.signal?.removeEventListener('abort', stop);
      // The producer spans still queued go out now; a trace backend that is down costs them, never the run.
      await tracing?.shutdown().catch((err: unknown) => notify({ kind: 'warning', text: `warning: exporting spans: ${describe(err)}` }));
      if (server?.scraped && !abandoned) notify({ kind: 'draining', text: `waiting up to ${(config.metrics?.lingerMs ?? 0) / 1000} s for a last scrape of ${server.url}/metrics` });
      await closeMetrics(abandoned ? 0 : (config.metrics?.lingerMs ?? 0));
    }
  })();
  done.catch(() => undefined);

  return {
    stop,
    abandon: () => {
      abandoned = true;
      companion?.kill();
      const outcome = producing.snapshot();
      writeResults(config.outDir, buildSummary(config, outcome, 'partial'), outcome);
      return config.outDir;
    },
    done,
  };
}

/**
 * The process exit code a finished run earns: 1 when the cluster stopped answering, a producer thread failed
 * or the results directory could not be written; 99 when a threshold failed; else 0. Bad input (exit 2) never
 * gets this far.
 */
export function exitCodeOf(result: LoadResult): ExitCode {
  if (result.kind === 'unwritten' || result.outcome.failure !== undefined || result.outcome.status === 'aborted') return ExitCode.failure;
  return result.thresholds.every((r) => r.status === 'passed') ? ExitCode.ok : ExitCode.thresholds;
}
