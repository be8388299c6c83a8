// The command-line shell: maps commands and flags onto the library and formats its results. No logic lives
// here that a test of the library would miss; everything the user sees goes through `io`.
import { cac } from 'cac';
import { attachNegativeValues, declaredFlags, firstUnknownFlag, typedValues } from './argv.js';
import { describe, errors, ExitCode, isLoadgenError } from '../errors.js';
import { ensureTopics } from '../kafka/admin.js';
import { fetchTopics } from '../kafka/metadata.js';
import type { SampleFlags } from '../sample.js';
import { sampleCommand } from './sample-command.js';
import { runCommand } from './run-command.js';
import { consumeCommand, type ConsumeFlags } from './consume-command.js';
import { reportCommand, type ReportFlags } from './report-command.js';
import { mergeCommand, type MergeFlags } from './merge-command.js';
import { findMaxCommand, type FindMaxFlags } from './find-max-command.js';
import { CONSUME_SHARED, FIND_MAX_PASS_THROUGH, RUN_OPTIONS, helpOf, type RunFlags } from '../config/run-options.js';
import { resolveTopicPlan } from '../topics.js';
import { LOADGEN_VERSION } from '../version.js';
import { alignColumns } from '../report/text-table.js';
import type { Io } from './io.js';
import { type ClusterFlags, reachCluster } from './cluster-flag.js';
import { describeAnnounced } from '../kafka/embedded-registry.js';

async function topicsCommand(action: string, flags: ClusterFlags & { partitions?: unknown; replicationFactor?: unknown }, io: Io): Promise<void> {
  if (action !== 'create' && action !== 'list') throw errors.usage(`unknown topics action '${action}' (expected create or list)`);
  const cluster = reachCluster('topics', flags, io.env);
  if (cluster.mock) io.err(`loadgen: ${describeAnnounced(cluster.mock)}`);
  if (action === 'create') {
    const plan = resolveTopicPlan(flags);
    const outcomes = await ensureTopics(plan, cluster.connection);
    const rows = outcomes.map((o) => [o.status, o.name, `${o.partitions} partitions`, o.status === 'exists' ? (o.note ?? '') : '']);
    for (const line of alignColumns(rows, 'text')) io.out(line);
  } else {
    const topics = await fetchTopics(cluster.connection);
    for (const line of alignColumns([['TOPIC', 'PARTITIONS'], ...topics.map((t) => [t.name, String(t.partitions)])], 'text')) io.out(line);
  }
}

/**
 * cac gives `--no-consumer` a default of true, which would hide a config file's "consumer": false (flags win
 * over the file): keep the value only when the flag was typed.
 */
function typedNegations<T extends { consumer?: unknown }>(flags: T, args: readonly string[]): T {
  if (args.includes('--no-consumer')) return flags;
  const { consumer: _, ...rest } = flags;
  return rest as T;
}

export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  let args: readonly string[] = [];
  const cli = cac('loadgen');
  cli
    .command('topics <action>', 'Create the pipeline topics (create) or list topics with partition counts (list)')
    .option('-b, --brokers <list>', 'Bootstrap brokers (default: $KAFKA_BROKERS or 127.0.0.1:9092)')
    .option('--partitions <n>', 'Partitions per topic for create (default: 6)')
    .option('--replication-factor <n>', 'Replication factor for create (default: 1)')
    .option('--connect-timeout <duration>', 'How long to wait for the cluster (default: 10s)')
    .option('--embedded', 'Read the mock cluster of the `loadgen run --embedded` running on this host, instead of --brokers')
    .example('loadgen topics create --partitions 12')
    .example('loadgen topics list --embedded')
    .action((action: string, flags: ClusterFlags) => topicsCommand(action, flags, io));
  cli
    .command('sample', 'Print the events of N complete sessions as JSON Lines (no broker needed)')
    .option('--sessions <n>', 'Complete sessions to generate (default: 1000)')
    .option('--seed <n>', 'Seed, 0 to 4294967295 (default: random, printed on stderr)')
    .option('--format <format>', 'jsonl: event values; records: topic, key, timestamp, headers and value (default: jsonl)')
    .option('--stats', 'Print statistics of the sample beside the REES46 reference instead of the events')
    .option('--scenario <file>', 'JSON file overriding simulator parameters (see schemas/scenario.schema.json)')
    .option('--rate <n>', 'Events per second that space the event times (default: 1000)')
    .option('--start <time>', 'Time of the first event, RFC 3339 or Unix ms (default: now)')
    .option('--inject-invalid <fraction>', 'Replace this fraction of events with marked invalid ones (default: 0)')
    .option('--schemas <dir>', 'Directory of the event schemas (default: the package\'s schemas/)')
    .example('loadgen sample --sessions 1000 --seed 1')
    .example('loadgen sample --sessions 100000 --stats')
    .action((flags: SampleFlags) => sampleCommand(flags, io));
  const consume = cli
    .command('consume', 'Measure a run\'s end-to-end latency and integrity from any host, or print a topic (--print)')
    .option('--run-id <id>', 'The run to measure (default: the first run seen)')
    .option('--idle <duration>', 'Stop after this long without records (default: until interrupted)')
    .option('--out <dir>', 'Results directory (default: results/consume-<run-id>)')
    .option('--print', 'Print each record of --topic as JSON: topic, partition, offset, key, headers, valid, error, event')
    .option('--topic <name>', 'The topic to print')
    .option('--count <n>', 'With --print: stop after this many records (default: until interrupted)')
    .option('--from-beginning', 'Start at the oldest record (default: only new ones)')
    .option('--companion', 'Internal: the consumer `loadgen run` starts (talks over an IPC channel)')
    .option('--consumer-threads <n>', 'Measuring threads, each reading a share of the partitions; needs --run-id above 1 (default: 1)')
    .option('-b, --brokers <list>', 'Bootstrap brokers (default: $KAFKA_BROKERS or 127.0.0.1:9092)')
    .option('--connect-timeout <duration>', 'How long to wait for the cluster (default: 10s)')
    .option('--embedded', 'Read the mock cluster of the `loadgen run --embedded` running on this host, instead of --brokers; stops when that run ends');
  // And run's options that mean the same here (src/config/run-options.ts).
  for (const option of CONSUME_SHARED) consume.option(option.flag, helpOf(option));
  consume
    .example('loadgen consume --run-id 20261129T120000Z-1a2b3c --from-beginning --idle 10s')
    .example('loadgen consume --print --topic product-clicks --count 10')
    .example('loadgen consume --print --topic purchases --embedded')
    .action((flags: ConsumeFlags) => consumeCommand(flags, io));
  const run = cli.command('run', 'Produce realistic sessions to Kafka at an exact rate and measure what happens (the default command)');
  for (const option of RUN_OPTIONS) run.option(option.flag, helpOf(option));
  run
    .example('loadgen --rate 50000 --workers 8 --duration 60s')
    .example('loadgen --rate 2000 --duration 20s --assert "achieved_rate>=0.98*target_rate" --assert "e2e.p99<500ms"')
    .example('loadgen --count 500 --rate 50')
    .action((flags: RunFlags & { config?: unknown }) => runCommand(typedNegations(flags, args), io));
  const findMax = cli
    .command('find-max', 'Search the highest rate that keeps its schedule and meets --slo (runs steps of loadgen run)')
    .option('--slo <assertion>', 'The latency objective, e.g. "e2e.p99<50ms" (corrected latency); repeatable')
    .option('--start-rate <n>', 'First rate tried (default: 1000)')
    .option('--max-rate <n>', 'Never try above this (default: 1000000)')
    .option('--min-rate <n>', 'Give up below this (default: 100)')
    .option('--precision <fraction>', 'Stop when the lowest failure is within this of the best pass (default: 0.05)')
    .option('--step-duration <duration>', 'Length of each step (default: 20s)')
    .option('--budget <duration>', 'Stop by itself within this time (default: 10m)')
    .option('--out <dir>', 'Where the steps\' results and find-max.json go (default: results/find-max-<time>)');
  // And run's options that every step gets as given (src/config/run-options.ts).
  for (const option of FIND_MAX_PASS_THROUGH) findMax.option(option.flag, helpOf(option, 'find-max'));
  findMax
    .example('loadgen find-max --slo "e2e.p99<50ms" --budget 5m')
    .example('loadgen find-max --slo "ack.p99<20ms" --no-consumer --workers 4 --compression zstd')
    .action((flags: FindMaxFlags) => findMaxCommand(typedNegations(flags, args), io));
  cli
    .command('report <dir>', 'Re-render a results directory (no broker needed): the table, summary.json, or report.html')
    .option('--format <format>', 'text: the end-of-run table; json: summary.json; html: write <dir>/report.html (default: text)')
    .option('--compare <dir>', 'Another run\'s results: both side by side with the change in each figure')
    .example('loadgen report results/20261129T120000Z-1a2b3c --format html')
    .example('loadgen report results/before --compare results/after')
    .action((dir: string, flags: ReportFlags) => reportCommand(dir, flags, io));
  cli
    .command('merge [...dirs]', "Merge a scaled-out run's instances (--instances) into one results directory: counts summed, histograms added, loss counted across them")
    .option('--out <dir>', 'Where the merged results go')
    .example('loadgen merge results/20261201T100000Z-3f2a1b-i0 results/20261201T100000Z-3f2a1b-i1 --out results/20261201T100000Z-3f2a1b')
    .action((dirs: string[], flags: MergeFlags) => mergeCommand(dirs, flags, io));
  cli.help();
  cli.version(LOADGEN_VERSION);

  try {
    // `loadgen --rate 100 ...` means `loadgen run --rate 100 ...`: run is the default command.
    const first = argv[0];
    const implicitRun = first?.startsWith('-') && !['-h', '--help', '-v', '--version'].includes(first);
    args = attachNegativeValues(implicitRun ? ['run', ...argv] : argv);
    cli.parse(['node', 'loadgen', ...args], { run: false });
    const command = cli.matchedCommand;
    const known = declaredFlags([...cli.globalCommand.options, ...(command?.options ?? [])].map((o) => o.rawName));
    const unknown = firstUnknownFlag(args, known);
    const helpHint = command ? `loadgen ${command.name} --help` : 'loadgen --help';
    if (unknown !== undefined) throw errors.usage(`unknown option ${unknown}; see ${helpHint}`);
    if (cli.options['help'] || cli.options['version']) return ExitCode.ok;
    // `loadgen run -- 100` must not run with the defaults, ignoring what the user meant.
    const afterDashes = (cli.options['--'] as unknown[] | undefined) ?? [];
    // A variadic argument (merge's directories) takes the rest.
    const takesRest = command?.args.some((a) => a.variadic) ?? false;
    const extra = [...(command && !takesRest ? cli.args.slice(command.args.length) : []), ...afterDashes];
    if (extra.length > 0) throw errors.usage(`unexpected argument '${extra[0]}'; see ${helpHint}`);
    if (!command) {
      if (cli.args.length > 0) throw errors.usage(`unknown command '${cli.args[0]}'; see loadgen --help`);
      cli.outputHelp();
      return ExitCode.ok;
    }
    // Each value as typed: a number mri made of "0x10" goes back to the string, for the option's parser to judge.
    const valueFlags = new Map(command.options.filter((o) => /[<[]/.test(o.rawName)).flatMap((o) => [...declaredFlags([o.rawName])].map((flag) => [flag, o.name] as const)));
    for (const [key, typed] of typedValues(args, valueFlags)) {
      const parsed: unknown = cli.options[key];
      if (typeof parsed === 'number') cli.options[key] = typed[typed.length - 1];
      else if (Array.isArray(parsed)) cli.options[key] = parsed.map((value: unknown, i) => (typeof value === 'number' ? (typed[i] ?? value) : value));
    }
    const code = (await cli.runMatchedCommand()) as unknown;
    return typeof code === 'number' ? (code as ExitCode) : ExitCode.ok;
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: Io): ExitCode {
  if (isLoadgenError(err)) {
    io.err(`loadgen: ${err.message}`);
    return err.exitCode;
  }
  // cac's own parse errors (unknown option, missing value) are the user's input: exit 2 like ours.
  if (err instanceof Error && err.name === 'CACError') {
    io.err(`loadgen: ${err.message}`);
    return ExitCode.usage;
  }
  io.err(`loadgen: unexpected error: ${describe(err)}`);
  if (io.env['LOADGEN_DEBUG'] && err instanceof Error && err.stack) io.err(err.stack);
  return ExitCode.failure;
}
