// Every `loadgen run` option, declared once. From this table come the command line's flags and their help
// (src/cli/app.ts), the flag type (RunFlags), the keys a --config file may use (CONFIG_FILE_KEYS), the
// defaults resolveRunConfig applies (runDefault) and the options `loadgen find-max` passes to each of its
// steps (FIND_MAX_PASS_THROUGH): a new option is one entry here and its rule in run-config.ts.

export interface RunOption {
  /** cac's spelling: '--rate <n>', '-b, --brokers <list>', '--no-consumer'. */
  readonly flag: string;
  /** The key in RunFlags: cac's camelCase of the long name (`--no-consumer`: consumer). */
  readonly key: string;
  readonly help: string;
  /** The default as the user would type it, applied by resolveRunConfig. */
  readonly default?: string;
  /** A default that is not a value (shown in the help only): "random", "until interrupted". */
  readonly defaultText?: string;
  /** false: only on the command line. */
  readonly configFile?: boolean;
  /** true: `loadgen find-max` takes it too and passes it to every step (the search owns rate and duration). */
  readonly findMax?: boolean;
  /** true: `loadgen consume` takes it too, with the same meaning (the metrics endpoint). */
  readonly consume?: boolean;
  /** find-max's default where it differs from run's: every step gets the same seed, so steps differ only in rate. */
  readonly findMaxDefault?: string;
}

export const RUN_OPTIONS = [
  { flag: '--rate <n>', key: 'rate', help: 'Events per second over all topics, or max', default: '1000' },
  { flag: '--workers <n>', key: 'workers', help: 'Worker threads that generate events (and, with --producer native, produce them)', default: '2', findMax: true },
  { flag: '--duration <duration>', key: 'duration', help: 'Stop after this long, e.g. 60s or 5m', defaultText: 'until interrupted' },
  { flag: '--count <n>', key: 'count', help: 'Stop after this many events' },
  { flag: '--ramp <duration>', key: 'ramp', help: 'Rise linearly from 0 to --rate over this long' },
  {
    flag: '--profile <shape>', key: 'profile',
    help: 'The target rate over time: stages:30s@2000,1m@20000 | steps:10s@1000,10s@4000 | diurnal:period=10m,min=2000,max=50000 | spike:at=2m,rise=5s,factor=10,hold=1m (on top of --rate or a shape, joined with +) | jitter:sd=5%; or JSON, or a JSON file (docs/load-shapes.md)',
  },
  {
    flag: '--warmup <duration>', key: 'warmup', findMax: true, findMaxDefault: '5s',
    help: "Send and measure this long first, reported apart: left out of the run's latencies, rates and --assert",
  },
  { flag: '-b, --brokers <list>', key: 'brokers', help: 'Bootstrap brokers', defaultText: '$KAFKA_BROKERS or 127.0.0.1:9092', findMax: true },
  {
    flag: '--embedded [brokers]', key: 'embedded',
    help: "No Kafka needed: run against librdkafka's mock cluster started inside loadgen (N brokers, default 3); for trying loadgen and measuring its own cost, not a broker's latency",
  },
  // A config file says "properties": { "key": "value" } instead.
  { flag: '-X <key=value>', key: 'X', help: 'A librdkafka property; repeatable (like kcat)', configFile: false, findMax: true },
  // Applied as librdkafka's compression.type among the producer defaults, so the default is only shown.
  { flag: '--compression <codec>', key: 'compression', help: 'none, gzip, snappy, lz4 or zstd', defaultText: 'lz4', findMax: true },
  { flag: '--config <file>', key: 'config', help: 'JSON file with any of these options; repeatable, later files win; flags win', configFile: false },
  { flag: '--seed <n>', key: 'seed', help: 'Seed, 0 to 4294967295', defaultText: 'random', findMax: true, findMaxDefault: '1' },
  { flag: '--scenario <file>', key: 'scenario', help: 'JSON file overriding simulator parameters', findMax: true },
  { flag: '--inject-invalid <fraction>', key: 'injectInvalid', help: 'Send this fraction of events deliberately invalid, marked by a header' },
  { flag: '--out <dir>', key: 'out', help: 'Results directory', defaultText: 'results/<run-id>' },
  { flag: '--instances <n>', key: 'instances', help: 'This run is one of N instances (processes or hosts) that together send one schedule; also $LOADGEN_INSTANCES (docs/scale-out.md)', defaultText: '1' },
  { flag: '--instance <i>', key: 'instance', help: "This instance's index, 0 to N-1; also $LOADGEN_INSTANCE or a Kubernetes Indexed Job's $JOB_COMPLETION_INDEX" },
  { flag: '--start-at <time>', key: 'startAt', help: 'Start the schedule at this moment (ISO 8601 or Unix ms), the same on every instance', defaultText: 'now' },
  { flag: '--processes <n>', key: 'processes', help: 'Run as N local processes, instances of one run, and merge their results (for when one process is the limit)', default: '1' },
  { flag: '--run-id <id>', key: 'runId', help: 'The run id in every record and the results', defaultText: 'the start time and a random suffix; with --instances, --start-at and --seed' },
  // resolveConnection applies it (every command that connects shares it).
  { flag: '--connect-timeout <duration>', key: 'connectTimeout', help: 'How long to wait for the cluster', defaultText: '10s', findMax: true },
  {
    flag: '--producer <design>', key: 'producer', default: 'native', findMax: true,
    help: "native: each worker thread produces through loadgen's librdkafka addon; rdkafka: node-rdkafka on the main thread",
  },
  { flag: '--no-consumer', key: 'consumer', help: 'Do not run the companion consumer (no end-to-end latency or loss check)', findMax: true },
  { flag: '--consumer-threads <n>', key: 'consumerThreads', help: 'Threads of the companion consumer, each reading a share of the partitions', default: '1', findMax: true },
  { flag: '--drain-timeout <duration>', key: 'drainTimeout', help: 'How long the consumer may take after the last ack to read everything', default: '30s', findMax: true },
  { flag: '--quiet', key: 'quiet', help: 'No progress lines' },
  { flag: '--trace-sample <fraction>', key: 'traceSample', help: 'Send this fraction of events with a W3C traceparent header (the event id as trace id), and export their spans with --zipkin-endpoint or --otlp-endpoint' },
  { flag: '--zipkin-endpoint <url>', key: 'zipkinEndpoint', help: "Export the sampled events' spans to Zipkin, e.g. http://127.0.0.1:9411/api/v2/spans" },
  { flag: '--otlp-endpoint <url>', key: 'otlpEndpoint', help: "Export the sampled events' spans over OTLP/HTTP, e.g. http://127.0.0.1:4318/v1/traces" },
  { flag: '--log-format <format>', key: 'logFormat', help: 'text: progress lines and the table; json: one JSON object per line on stdout, with the run id', default: 'text', consume: true },
  { flag: '--metrics-port <n>', key: 'metricsPort', help: 'Serve Prometheus metrics on /metrics (and /healthz) at this port; 0 picks a free one', consume: true },
  { flag: '--metrics-host <host>', key: 'metricsHost', help: 'The address /metrics listens on; 0.0.0.0 for every interface', default: '127.0.0.1', consume: true },
  { flag: '--metrics-linger <duration>', key: 'metricsLinger', help: 'After a run that was scraped, keep /metrics up until it is scraped once more, at most this long', default: '15s', consume: true },
  { flag: '--assert <assertion>', key: 'assert', help: 'After the run, check e.g. "consumer.lost==0", "e2e.p99<500ms"; repeatable; exit 99 if one fails' },
] as const satisfies readonly RunOption[];

type RunOptionKey = (typeof RUN_OPTIONS)[number]['key'];
type Defaulted = Extract<(typeof RUN_OPTIONS)[number], { readonly default: string }>['key'];

/**
 * Options as typed: strings from the command line, or JSON values from a --config file (which may also
 * give "properties": librdkafka properties as an object, and "phases": src/config/phases.ts), and the
 * config file's name for error messages.
 */
export type RunFlags = { readonly [K in RunOptionKey]?: unknown } & { readonly properties?: unknown; readonly phases?: unknown; readonly configPath?: string };

/** The option names a --config file may use (the long flag names, camelCased as cac gives them). */
export const CONFIG_FILE_KEYS: readonly (keyof RunFlags)[] = [
  ...RUN_OPTIONS.filter((o: RunOption) => o.configFile !== false).map((o) => o.key),
  'properties',
  'phases',
];

/** The run options `loadgen consume` takes too. */
export const CONSUME_SHARED: readonly RunOption[] = RUN_OPTIONS.filter((o: RunOption) => o.consume === true);

/** The run options `loadgen find-max` takes and passes to each step. */
export const FIND_MAX_PASS_THROUGH: readonly RunOption[] = RUN_OPTIONS.filter((o: RunOption) => o.findMax === true);

/** The long flag of an option: '--brokers' for '-b, --brokers <list>'; '-X' for '-X <key=value>'. */
export function longFlagOf(option: RunOption): string {
  const names = option.flag.split(/[ ,]+/).filter((n) => n.startsWith('-'));
  return names.find((n) => n.startsWith('--')) ?? (names[0] as string);
}

/**
 * The command-line arguments that give `flags`' values of these options again (a step of find-max gets its
 * options this way): repeatable options repeat, `consumer: false` is `--no-consumer`.
 */
export function argsOf(options: readonly RunOption[], flags: RunFlags): string[] {
  const bag = flags as Readonly<Record<string, unknown>>;
  return options.flatMap((option) => {
    const value = bag[option.key];
    if (value === undefined) return [];
    const flag = longFlagOf(option);
    // A switch: given when its value says so (`--no-consumer` when consumer is false).
    if (!option.flag.includes('<')) return (flag.startsWith('--no-') ? value === false : value === true) ? [flag] : [];
    return (Array.isArray(value) ? value : [value]).flatMap((v) => [flag, String(v)]);
  });
}

/** An option's default, as typed. */
export function runDefault(key: Defaulted): string {
  const option: RunOption | undefined = RUN_OPTIONS.find((o) => o.key === key);
  return option?.default ?? '';
}

/** The help text of an option, with its default (find-max's, for find-max). */
export function helpOf(option: RunOption, command: 'run' | 'find-max' = 'run'): string {
  const shown = (command === 'find-max' ? option.findMaxDefault : undefined) ?? option.default ?? option.defaultText;
  return shown === undefined ? option.help : `${option.help} (default: ${shown})`;
}
