// `loadgen run` options: what the user typed (RunFlags, from flags and an optional --config JSON file) and
// the frozen RunConfig resolved from it in one pure step, so every rule is tested without I/O. Flags win over
// the config file, which wins over KAFKA_BROKERS and the defaults.
import { errors } from '../errors.js';
import { resolveConnection } from './connection.js';
import { parseDuration, parseFraction, parseInteger } from './option-values.js';
import { parseAssertions, type Assertion } from '../thresholds.js';
import type { Schedule } from '../engine/pacer.js';
import type { LoadProfile, Spike } from '../engine/load-profile.js';
import { timelineOf, type Timeline } from '../engine/segments.js';
import { phasesSpikes, type Phase } from './phases.js';
import { resolveSchedule } from './run-schedule.js';
import { parseRunId, resolveInstances, resolveProcesses, resolveStartAt, sharedRunId, type InstanceShare } from './instances.js';
import { MOCK_BROKERS_PENDING, MOCK_PRODUCER_DEFAULTS, resolveCluster, type ClusterKind } from './cluster.js';

export type { ClusterKind } from './cluster.js';
import { CONFIG_FILE_KEYS, runDefault, type RunFlags } from './run-options.js';

export { CONFIG_FILE_KEYS, type RunFlags } from './run-options.js';

/**
 * How records reach Kafka. native: each worker thread generates and produces its own chunks through
 * loadgen's librdkafka addon (native/), delivery reports in aggregate; rdkafka: worker threads generate and
 * the main thread sends every record through node-rdkafka (one JavaScript call and object per record).
 */
export const PRODUCER_DESIGNS = ['native', 'rdkafka'] as const;
export type ProducerDesign = (typeof PRODUCER_DESIGNS)[number];

export interface RunConfig {
  readonly runId: string;
  readonly schedule: Schedule;
  /** The load shape (--profile, or --rate with --ramp as a flat one); null for --rate max. */
  readonly profile: LoadProfile | null;
  /** True when --profile gave the shape (the summary shows it; a plain --rate shows its rate). */
  readonly profiled: boolean;
  /** A config file's phases, back to back (empty: a run of one load). */
  readonly phases: readonly Phase[];
  /** The flash sales on the run's clock (their purchase boost). */
  readonly spikes: readonly Spike[];
  /** Where the warm-up ends and each phase begins, in slots and seconds. */
  readonly timeline: Timeline;
  readonly workers: number;
  /** This process's share of a scaled-out run (src/config/instances.ts); { count: 1, index: 0 } alone. */
  readonly instances: InstanceShare;
  /** --start-at: when slot 0 is due (Unix ms); null: as soon as the threads are ready. */
  readonly startAtMs: number | null;
  /** --processes: this many local instances of the run, merged at the end (src/cli/processes-command.ts). */
  readonly processes: number;
  /** What the run loads: a Kafka cluster at `brokers`, or (--embedded) librdkafka's mock cluster, started by the run. */
  readonly cluster: ClusterKind;
  readonly brokers: string;
  /** librdkafka properties: loadgen's defaults, then the user's (-X and config file), user last. */
  readonly properties: Readonly<Record<string, string>>;
  /** The user's own properties, for error messages and the summary. */
  readonly userProperties: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly seedDrawn: boolean;
  readonly outDir: string;
  readonly connectTimeoutMs: number;
  readonly consumer: boolean;
  /** The companion consumer's threads. */
  readonly consumerThreads: number;
  readonly drainTimeoutMs: number;
  readonly quiet: boolean;
  readonly scenarioFile: string | undefined;
  readonly injectInvalid: number;
  readonly assertions: readonly Assertion[];
  readonly producer: ProducerDesign;
  readonly logFormat: LogFormat;
  /** --trace-sample: the fraction of valid events sent with a W3C traceparent header (0: none). */
  readonly traceSample: number;
  /** Where the sampled events' spans go (--zipkin-endpoint or --otlp-endpoint), or null (headers only). */
  readonly traceExport: TraceExportTarget | null;
  /** --metrics-port: where /metrics and /healthz are served, or null (no endpoint). */
  readonly metrics: MetricsEndpoint | null;
}

export interface TraceExportTarget {
  /** zipkin: Zipkin's v2 JSON API (…/api/v2/spans); otlp: OTLP over HTTP (…/v1/traces). */
  readonly kind: 'zipkin' | 'otlp';
  readonly url: string;
}

export interface MetricsEndpoint {
  readonly host: string;
  /** 0: a free port, chosen when the run starts (and printed). */
  readonly port: number;
  /** After the run, how long /metrics waits for a scrape of the final values. */
  readonly lingerMs: number;
}

export interface RunContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly nowMs: number;
  /** A random 32-bit seed (and run-id suffix) when none is given; injectable for exact tests. */
  readonly randomU32: () => number;
  /** Reads a file a --profile names (the profile, diurnal weights); throws if it cannot. Default: none can be read. */
  readonly readFile?: (path: string) => string;
}

/**
 * Producer defaults: safe for data (acks=all with idempotence: no loss, no duplicates, order kept per
 * partition) and suited to benchmarking (a small linger so batches form without adding much latency).
 */
export const PRODUCER_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  acks: 'all',
  'enable.idempotence': 'true',
  'linger.ms': '5',
  'compression.type': 'lz4',
  // Bounded client memory (peak RSS is a target): 100k messages or 64 MiB queued, whichever comes first.
  'queue.buffering.max.messages': '100000',
  'queue.buffering.max.kbytes': '65536',
  'message.timeout.ms': '30000',
});

const COMPRESSION = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export function resolveRunConfig(flags: RunFlags, context: RunContext): RunConfig {
  const seedDrawn = flags.seed === undefined;
  const seed = seedDrawn ? context.randomU32() : parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1);
  const { schedule, profile, phases } = resolveSchedule(flags, seed, context);
  const workers = parseInteger('--workers', flags.workers ?? runDefault('workers'), 1, 64);
  const userProperties = { ...parseProperties('properties', flags.properties), ...parseX(flags.X) };
  if (flags.compression !== undefined) {
    if (!(COMPRESSION as readonly unknown[]).includes(flags.compression)) throw errors.invalidOption('--compression', flags.compression, COMPRESSION.join(', '));
    userProperties['compression.type'] = String(flags.compression);
  }
  const injectInvalid = flags.injectInvalid === undefined ? 0 : parseFraction('--inject-invalid', flags.injectInvalid);
  const instances = resolveInstances(flags, context.env, workers);
  const startAtMs = resolveStartAt(flags.startAt, context.nowMs);
  const runId = flags.runId !== undefined ? parseRunId(flags.runId) : instances.count > 1 ? sharedRunId(startAtMs as number, seed) : makeRunId(context.nowMs, context.randomU32());
  const processes = resolveProcesses(flags, instances);
  const cluster = resolveCluster(flags, instances, processes);
  // A mock cluster's address is known once the run starts it (startRun puts it here).
  const connection = cluster.kind === 'mock' ? { brokers: MOCK_BROKERS_PENDING, timeoutMs: parseDuration('--connect-timeout', flags.connectTimeout ?? '10s') } : resolveConnection(flags, context.env);
  if (flags.out !== undefined && (typeof flags.out !== 'string' || flags.out === '')) throw errors.invalidOption('--out', flags.out, 'a directory');
  if (flags.scenario !== undefined && typeof flags.scenario !== 'string') throw errors.invalidOption('--scenario', flags.scenario, 'a JSON file');
  const producer = flags.producer ?? runDefault('producer');
  if (!(PRODUCER_DESIGNS as readonly unknown[]).includes(producer)) throw errors.invalidOption('--producer', producer, PRODUCER_DESIGNS.join(' or '));
  if (producer === 'rdkafka' && phases.some((p) => Object.keys(p.properties).length > 0)) {
    throw errors.usage('--producer rdkafka: phases with properties of their own need --producer native (one node-rdkafka producer serves a whole run)');
  }
  return Object.freeze({
    runId,
    schedule: Object.freeze(schedule),
    profile,
    profiled: flags.profile !== undefined,
    phases,
    spikes: phases.length > 0 ? phasesSpikes(phases) : (profile?.spikes ?? []),
    timeline: timelineOf(schedule, phases.map((p) => p.start)),
    workers,
    instances,
    startAtMs,
    processes,
    cluster,
    brokers: connection.brokers,
    properties: Object.freeze({ ...PRODUCER_DEFAULTS, ...(cluster.kind === 'mock' ? MOCK_PRODUCER_DEFAULTS : {}), ...userProperties }),
    userProperties: Object.freeze(userProperties),
    seed,
    seedDrawn,
    outDir: typeof flags.out === 'string' ? flags.out : instances.count > 1 ? `results/${runId}-i${instances.index}` : `results/${runId}`,
    connectTimeoutMs: connection.timeoutMs,
    consumer: flags.consumer !== false,
    consumerThreads: parseInteger('--consumer-threads', flags.consumerThreads ?? runDefault('consumerThreads'), 1, 64),
    drainTimeoutMs: parseDuration('--drain-timeout', flags.drainTimeout ?? runDefault('drainTimeout')),
    quiet: flags.quiet === true,
    scenarioFile: typeof flags.scenario === 'string' ? flags.scenario : undefined,
    injectInvalid,
    assertions: Object.freeze(parseAssertions(flags.assert)),
    producer: producer as ProducerDesign,
    metrics: resolveMetricsEndpoint(flags),
    logFormat: parseLogFormat(flags.logFormat ?? runDefault('logFormat')),
    ...resolveTracing(flags, producer as ProducerDesign),
  });
}

/** --log-format: text for people, json (one object per line) for log shippers (src/telemetry/log.ts). */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

function resolveTracing(flags: RunFlags, producer: ProducerDesign): Pick<RunConfig, 'traceSample' | 'traceExport'> {
  const traceSample = flags.traceSample === undefined ? 0 : parseFraction('--trace-sample', flags.traceSample);
  const endpoints = (['zipkin', 'otlp'] as const).flatMap((kind) => {
    const raw = kind === 'zipkin' ? flags.zipkinEndpoint : flags.otlpEndpoint;
    return raw === undefined ? [] : [{ kind, url: parseHttpUrl(`--${kind}-endpoint`, raw) }];
  });
  if (endpoints.length > 1) throw errors.usage('--zipkin-endpoint and --otlp-endpoint: give one of them');
  const traceExport = endpoints[0] ?? null;
  if (traceExport && traceSample === 0) throw errors.usage(`--${traceExport.kind}-endpoint needs --trace-sample above 0 (the fraction of events to trace)`);
  if (traceSample > 0 && producer !== 'native') throw errors.usage('--trace-sample needs --producer native');
  return { traceSample, traceExport };
}

function parseHttpUrl(flag: string, raw: unknown): string {
  let url: URL | null = null;
  try {
    url = typeof raw === 'string' ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw errors.invalidOption(flag, raw, 'an http:// or https:// URL');
  return url.href;
}

/** --log-format's value (run and consume take it). */
export function parseLogFormat(raw: unknown): LogFormat {
  if (!(LOG_FORMATS as readonly unknown[]).includes(raw)) throw errors.invalidOption('--log-format', raw, LOG_FORMATS.join(' or '));
  return raw as LogFormat;
}

/** --metrics-port, --metrics-host and --metrics-linger (run and consume take them), resolved; null: no endpoint. */
export function resolveMetricsEndpoint(flags: Pick<RunFlags, 'metricsPort' | 'metricsHost' | 'metricsLinger'>): MetricsEndpoint | null {
  const host = flags.metricsHost ?? runDefault('metricsHost');
  if (typeof host !== 'string' || !/^[A-Za-z0-9.:_-]+$/.test(host)) throw errors.invalidOption('--metrics-host', host, 'a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0');
  const lingerMs = parseDuration('--metrics-linger', flags.metricsLinger ?? runDefault('metricsLinger'));
  if (flags.metricsPort === undefined) {
    if (flags.metricsHost !== undefined || flags.metricsLinger !== undefined) throw errors.usage('--metrics-host and --metrics-linger need --metrics-port');
    return null;
  }
  return Object.freeze({ host, port: parseInteger('--metrics-port', flags.metricsPort, 0, 65_535), lingerMs });
}

/**
 * Several config files (--config a.json --config b.json: e.g. the run's shape, and the connection with its
 * secrets from elsewhere): later files win over earlier ones, key by key within "properties", and the flags
 * the user typed over them all.
 */
export function mergeConfigFiles(flags: RunFlags, files: readonly { readonly path: string; readonly content: unknown }[]): RunFlags {
  let combined: Record<string, unknown> = {};
  for (const { path, content } of files) {
    const own = mergeConfigFile({}, content, path) as Record<string, unknown>;
    const properties = own['properties'] !== undefined && combined['properties'] !== undefined && typeof own['properties'] === 'object' && typeof combined['properties'] === 'object'
      ? { properties: { ...(combined['properties'] as object), ...(own['properties'] as object) } }
      : {};
    combined = { ...combined, ...own, ...properties };
  }
  const merged: Record<string, unknown> = { ...combined };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  merged['configPath'] = files.map((f) => f.path).join(' + ');
  return merged as RunFlags;
}

/** A config file's options under the flags the user typed: flags win. */
export function mergeConfigFile(flags: RunFlags, file: unknown, path: string): RunFlags {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw errors.usage(`--config ${path}: must be a JSON object`);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    // Both spellings work: "connect-timeout" (as the flag) and "connectTimeout".
    const name = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(CONFIG_FILE_KEYS as readonly string[]).includes(name)) throw errors.usage(`--config ${path}: unknown option "${key}" (known: ${CONFIG_FILE_KEYS.join(', ')})`);
    merged[name] = value;
  }
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  merged['configPath'] = path;
  return merged as RunFlags;
}



function parseX(raw: unknown): Record<string, string> {
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const match = typeof entry === 'string' ? /^([A-Za-z0-9._-]+)=(.*)$/s.exec(entry) : null;
    if (!match?.[1] || match[2] === undefined) throw errors.invalidOption('-X', entry, 'key=value, a librdkafka property');
    out[match[1]] = match[2];
  }
  return out;
}

function parseProperties(source: string, raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.invalidOption(source, raw, 'an object of librdkafka properties');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw errors.invalidOption(`${source}.${k}`, v, 'a string, number or boolean');
    out[k] = String(v);
  }
  return out;
}

function makeRunId(nowMs: number, random: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${(random >>> 0).toString(16).padStart(8, '0').slice(0, 6)}`;
}
