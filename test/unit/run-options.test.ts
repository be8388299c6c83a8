// `loadgen run`'s options come from one table (src/config/run-options.ts): the help lists each with its
// default, a config file accepts exactly the table's keys (and "properties"), the defaults the help shows
// are the ones a run gets, and find-max takes the table's pass-through options and gives them to its steps.
import { targetRate } from '../../src/engine/pacer.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { resolveRunConfig } from '../../src/config/run-config.js';
import { CONFIG_FILE_KEYS, FIND_MAX_PASS_THROUGH, RUN_OPTIONS, argsOf, helpOf, longFlagOf, runDefault } from '../../src/config/run-options.js';
import { recordingIo } from '../support/io.js';

async function helpOfCommand(command: string): Promise<string> {
  // cac prints its help with console.info.
  const printed: string[] = [];
  const info = console.info;
  console.info = (...parts: unknown[]) => printed.push(parts.join(' '));
  try {
    assert.is(await runCli([command, '--help'], recordingIo()), 0);
  } finally {
    console.info = info;
  }
  return printed.join('\n');
}

test('run --help shows every option of the table with its help and default', async () => {
  const help = await helpOfCommand('run');
  for (const option of RUN_OPTIONS) {
    assert.ok(help.includes(option.flag), option.flag);
    assert.ok(help.includes(helpOf(option)), helpOf(option));
  }
});

test('a config file takes the table keys but -X and --config, plus properties and phases', () => {
  const expected = [...RUN_OPTIONS.map((o) => o.key).filter((k) => k !== 'X' && k !== 'config'), 'properties', 'phases'];
  assert.equal([...CONFIG_FILE_KEYS].sort(), expected.sort());
});

test('the defaults the help shows are what a run gets', () => {
  const config = resolveRunConfig({}, { env: {}, nowMs: 0, randomU32: () => 1 });
  assert.is(targetRate(config.schedule), Number(runDefault('rate')));
  assert.is(config.workers, Number(runDefault('workers')));
  assert.is(config.producer, runDefault('producer'));
  assert.is(config.consumerThreads, Number(runDefault('consumerThreads')));
  assert.is(config.drainTimeoutMs, 30_000);
  assert.is(runDefault('drainTimeout'), '30s');
  assert.is(config.properties['compression.type'], 'lz4');
  assert.is(config.connectTimeoutMs, 10_000);
});

test('find-max --help shows the pass-through options, with find-max\'s defaults', async () => {
  const help = await helpOfCommand('find-max');
  const keys = FIND_MAX_PASS_THROUGH.map((o) => o.key);
  for (const key of ['workers', 'brokers', 'X', 'seed', 'producer', 'consumer', 'compression']) assert.ok(keys.includes(key as never), key);
  for (const key of ['rate', 'duration', 'count', 'out', 'quiet', 'assert', 'config']) assert.not.ok(keys.includes(key as never), key);
  for (const option of FIND_MAX_PASS_THROUGH) assert.ok(help.includes(helpOf(option, 'find-max')), helpOf(option, 'find-max'));
  assert.ok(help.includes('Seed, 0 to 4294967295 (default: 1)'));
});

test('argsOf() gives the values back as a step\'s arguments: repeatable ones repeat, switches by their value', () => {
  // [flags, arguments]
  const table: [Record<string, unknown>, string[]][] = [
    [{}, []],
    [{ workers: '4', brokers: 'k:9092' }, ['--workers', '4', '--brokers', 'k:9092']],
    [{ X: ['linger.ms=5', 'acks=1'] }, ['-X', 'linger.ms=5', '-X', 'acks=1']],
    [{ X: 'linger.ms=5' }, ['-X', 'linger.ms=5']],
    [{ consumer: false }, ['--no-consumer']],
    [{ consumer: true }, []],
    [{ seed: 7, connectTimeout: '500ms' }, ['--seed', '7', '--connect-timeout', '500ms']],
  ];
  for (const [flags, args] of table) assert.equal(argsOf(FIND_MAX_PASS_THROUGH, flags), args, JSON.stringify(flags));
  assert.equal(RUN_OPTIONS.map(longFlagOf).slice(0, 8), ['--rate', '--workers', '--duration', '--count', '--ramp', '--profile', '--warmup', '--brokers']);
  assert.is(longFlagOf({ flag: '-X <key=value>', key: 'X', help: '' }), '-X');
});

test('find-max refuses a bad pass-through value before its first step: one line, exit 2', async () => {
  // An --out that cannot be created would also be exit 2: the line must name the bad option, not --out.
  for (const args of [['--workers', '0'], ['-X', 'no.such.property=1'], ['--compression', 'brotli'], ['--producer', 'kafkajs']]) {
    const io = recordingIo();
    const code = await runCli(['find-max', '--slo', 'e2e.p99<50ms', '--out', '/proc/never-created', ...args], io);
    assert.is(code, 2, args.join(' '));
    assert.is(io.stderr.length, 1, io.stderr.join('|'));
    assert.ok(io.stderr[0]?.includes(args[0] as string), io.stderr[0]);
  }
});

test.run();
