// `loadgen run`'s options come from one table (src/config/run-options.ts): the help lists each with its
// default, a config file accepts exactly the table's keys (and "properties"), and the defaults the help
// shows are the ones a run gets.
import { targetRate } from '../../src/engine/pacer.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { resolveRunConfig } from '../../src/config/run-config.js';
import { CONFIG_FILE_KEYS, RUN_OPTIONS, helpOf, runDefault } from '../../src/config/run-options.js';
import { recordingIo } from '../support/io.js';

test('run --help shows every option of the table with its help and default', async () => {
  // cac prints its help with console.info.
  const printed: string[] = [];
  const info = console.info;
  console.info = (...parts: unknown[]) => printed.push(parts.join(' '));
  try {
    assert.is(await runCli(['run', '--help'], recordingIo()), 0);
  } finally {
    console.info = info;
  }
  const help = printed.join('\n');
  for (const option of RUN_OPTIONS) {
    assert.ok(help.includes(option.flag), option.flag);
    assert.ok(help.includes(helpOf(option)), helpOf(option));
  }
});

test('a config file takes the table keys but -X and --config, plus properties', () => {
  const expected = [...RUN_OPTIONS.map((o) => o.key).filter((k) => k !== 'X' && k !== 'config'), 'properties'];
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

test.run();
