// `loadgen consume`, three ways:
//   --print --topic T [--count N] [--from-beginning]   a topic's records as JSON Lines, each validated
//   [--run-id ID] [--from-beginning] [--idle 10s]       the measuring consumer alone (e.g. on another host):
//                                                     e2e latency and integrity of a run, into --out
//   --companion                                        internal: the consumer `loadgen run` starts (IPC)
// SIGINT/SIGTERM stop the first two cleanly.
import Kafka from 'node-rdkafka';
import { errors } from '../errors.js';
import { TOPICS } from '../events/event-types.js';
import { loadSchemaRegistry } from '../events/schema-registry.js';
import { systemClock } from '../engine/clock.js';
import { serveCompanion, parentChannel } from '../consumer/companion-child.js';
import { consumerSummary, writeConsumerResults } from '../consumer/consumer-results.js';
import { startMeasure } from '../consumer/measure.js';
import { startPrint } from '../consumer/print.js';
import { parseDuration, parseInteger } from '../config/option-values.js';
import { prepareOutputDir } from '../report/output-dir.js';
import { parseLogFormat, resolveMetricsEndpoint } from '../config/run-config.js';
import { jsonRunLog } from '../telemetry/log.js';
import type { Histogram } from '../engine/histograms.js';
import type { Measurement } from '../consumer/measurement.js';
import { ConsumeMetrics } from '../telemetry/consume-metrics.js';
import { startMetricsServer } from '../telemetry/metrics-server.js';
import type { Io } from './io.js';
import { reachCluster, whenRunEnds } from './cluster-flag.js';
import { describeAnnounced, describeEnded } from '../kafka/embedded-registry.js';

export interface ConsumeFlags {
  readonly print?: unknown;
  readonly companion?: unknown;
  readonly topic?: unknown;
  readonly count?: unknown;
  readonly fromBeginning?: unknown;
  readonly runId?: unknown;
  readonly idle?: unknown;
  readonly out?: unknown;
  readonly brokers?: unknown;
  readonly connectTimeout?: unknown;
  readonly embedded?: unknown;
  readonly consumerThreads?: unknown;
  readonly metricsPort?: unknown;
  readonly metricsHost?: unknown;
  readonly metricsLinger?: unknown;
  readonly logFormat?: unknown;
}

export async function consumeCommand(flags: ConsumeFlags, io: Io): Promise<number> {
  if (flags.companion === true) {
    // The run coordinates signals; a Ctrl-C reaching the whole process group must not kill the consumer.
    io.onSignal(() => undefined);
    return serveCompanion(Kafka, parentChannel(), systemClock);
  }
  if (flags.print === true) {
    // --print writes records as JSON Lines already and serves no metrics.
    for (const [flag, value] of [['--log-format', flags.logFormat], ['--metrics-port', flags.metricsPort]] as const) {
      if (value !== undefined) throw errors.usage(`${flag} is for the measuring consumer, not --print`);
    }
    return printCommand(flags, io);
  }
  return measureCommand(flags, io);
}

async function printCommand(flags: ConsumeFlags, io: Io): Promise<number> {
  if (typeof flags.topic !== 'string' || flags.topic === '') throw errors.invalidOption('--topic', flags.topic, 'a topic name');
  const cluster = reachCluster('consume', flags, io.env);
  const options = {
    topic: flags.topic,
    count: flags.count === undefined ? Infinity : parseInteger('--count', flags.count, 1),
    fromBeginning: flags.fromBeginning === true,
    ...cluster.connection,
  };
  if (cluster.mock) io.err(`loadgen: printing ${options.topic} from ${describeAnnounced(cluster.mock)}`);
  const registry = loadSchemaRegistry();
  const run = await startPrint(Kafka, options, registry, (record) => io.write(`${JSON.stringify(record)}\n`));
  const unsubscribe = io.onSignal(() => run.stop());
  const unwatch = whenRunEnds(cluster, io.env, (mock) => {
    io.err(`loadgen: ${describeEnded(mock)}`);
    run.stop();
  });
  try {
    const { printed, invalid } = await run.done;
    io.err(`loadgen: printed ${printed} record(s) from ${options.topic}, ${invalid} invalid`);
    return 0;
  } finally {
    unwatch();
    unsubscribe();
  }
}

async function measureCommand(flags: ConsumeFlags, io: Io): Promise<number> {
  if (flags.runId !== undefined && (typeof flags.runId !== 'string' || flags.runId === '')) throw errors.invalidOption('--run-id', flags.runId, 'a run id, as printed by loadgen run');
  if (flags.out !== undefined && (typeof flags.out !== 'string' || flags.out === '')) throw errors.invalidOption('--out', flags.out, 'a directory');
  if (flags.topic !== undefined) throw errors.usage('--topic is for --print; the measuring consumer reads every loadgen topic');
  const idleMs = flags.idle === undefined ? Infinity : parseDuration('--idle', flags.idle);
  const runId = typeof flags.runId === 'string' ? flags.runId : null;
  const threads = parseInteger('--consumer-threads', flags.consumerThreads ?? 1, 1, 64);
  // Without --run-id the consumer adopts the first run it sees: one thread, so that it adopts one run.
  if (threads > 1 && runId === null) throw errors.usage('--consumer-threads above 1 needs --run-id (the run to measure)');
  const cluster = reachCluster('consume', flags, io.env);
  const outDir = typeof flags.out === 'string' ? flags.out : `results/consume-${runId ?? new Date(io.now()).toISOString().replace(/[:.]/g, '-')}`;
  prepareOutputDir(outDir, '--out');
  const endpoint = resolveMetricsEndpoint(flags);
  const json = parseLogFormat(flags.logFormat ?? 'text') === 'json';
  // --log-format json: the lines below as JSON objects on stdout (src/telemetry/log.ts); errors stay one line on stderr.
  const log = json ? jsonRunLog(runId, (line) => io.out(line)) : null;
  let measuring: Measurement | undefined;
  const metrics = endpoint ? new ConsumeMetrics({ runId, threads, messages: () => measuring?.messages() ?? 0, lag: () => measuring?.lag() ?? null, soFar: () => measuring?.soFar() ?? null }) : null;
  // Before anything connects: a port in use is bad input, found before anything is read.
  const server = metrics && endpoint ? await startMetricsServer(metrics.registry, endpoint.host, endpoint.port, () => measuring !== undefined) : null;
  const closeMetrics = async (lingerMs: number) => {
    metrics?.close();
    await server?.close(lingerMs);
  };
  const measurement = await startMeasure(Kafka, {
    ...cluster.connection,
    topics: TOPICS,
    runId,
    from: flags.fromBeginning === true ? 'beginning' : 'now',
    clock: systemClock,
    threads,
    ...(metrics ? { onInterval: (metric: 'e2e' | 'e2e_uncorrected', h: Histogram) => metrics.interval(metric, h) } : {}),
  }).catch(async (err: unknown) => {
    await closeMetrics(0);
    throw err;
  });
  measuring = measurement;
  // An endpoint left listening would keep the process alive: closed however this ends.
  let lingerMs = 0;
  try {
    measurement.setBase(io.now());
    const ending = cluster.mock ? ' or the run ends' : '';
    const until = idleMs === Infinity ? ` until interrupted${ending}` : `, stopping after ${idleMs / 1000} s without records${ending}`;
    const from = cluster.mock ? ` of ${describeAnnounced(cluster.mock)}` : '';
    const measuringLine = `measuring ${runId ?? 'the first run seen'} on ${TOPICS.join(', ')}${from}${until}${server ? `; metrics on ${server.url}/metrics` : ''}`;
    if (log) log.info({ event: 'starting', ...(server ? { metrics: `${server.url}/metrics` } : {}) }, measuringLine);
    else io.err(`loadgen: ${measuringLine}`);
    await new Promise<void>((resolve, reject) => {
      const unsubscribe = io.onSignal(() => finish());
      // Whatever the run's cluster held and was not read yet went with it: nothing is left to wait for.
      const unwatch = whenRunEnds(cluster, io.env, (mock) => {
        if (log) log.info({ event: 'run_ended' }, describeEnded(mock));
        else io.err(`loadgen: ${describeEnded(mock)}`);
        finish();
      });
      let last = -1;
      const timer = idleMs === Infinity ? undefined : setInterval(() => {
        const now = measurement.messages();
        if (now === last) finish();
        last = now;
      }, idleMs);
      measurement.failed.catch((err: unknown) => {
        finish();
        reject(err);
      });
      function finish() {
        if (timer) clearInterval(timer);
        unwatch();
        unsubscribe();
        resolve();
      }
    });
    const result = await measurement.stop();
    // The last seconds are in: a scraper reading now reads the final values.
    server?.markFinal();
    const summary = { ...consumerSummary(result), ...(cluster.mock ? { cluster: { kind: 'mock' as const, brokers: cluster.mock.brokers } } : {}) };
    const e2e = summary.latency_ms.e2e;
    const resetLine = (r: (typeof summary.offset_resets)[number]) =>
      `${r.topic}/${r.partition}: offset ${r.offset} was deleted before it was read; resumed at ${r.resumedAt}, ${r.skipped >= 0 ? `${r.skipped} record(s)` : 'an unknown number of records'} skipped`;
    if (log) {
      for (const r of summary.offset_resets) log.warn({ event: 'offset_reset', ...r }, resetLine(r));
    } else {
      io.out(`run ${summary.run_id ?? '-'}: received ${summary.received}, lost (gaps) ${summary.lost}, duplicates ${summary.duplicates}, out of order ${summary.out_of_order}, other records ${summary.foreign + summary.unstamped}`);
      for (const r of summary.offset_resets) io.err(`loadgen: ${resetLine(r)}`);
      if (e2e) io.out(`end to end (ms): p50 ${e2e.p50}  p90 ${e2e.p90}  p99 ${e2e.p99}  p99.9 ${e2e.p999}  max ${e2e.max}`);
    }
    try {
      writeConsumerResults(outDir, result, summary);
    } catch (err) {
      // What was measured is printed rather than lost with the directory.
      io.out(JSON.stringify(summary, null, 2));
      throw err;
    }
    if (log) log.info({ event: 'summary', summary, results: outDir }, 'summary');
    else io.out(`results: ${outDir}`);
    lingerMs = endpoint?.lingerMs ?? 0;
    return 0;
  } finally {
    await closeMetrics(lingerMs);
  }
}
