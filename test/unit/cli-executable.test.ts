// The installed executable, run as a user runs it: `npm ci` must leave node_modules/.bin/loadgen working,
// and a failure prints one line, never a stack trace.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadgenBin, projectRoot } from '../support/paths.js';

function run(...args: string[]) {
  return spawnSync(loadgenBin, args, { cwd: projectRoot, encoding: 'utf8', timeout: 20_000 });
}

test('node_modules/.bin/loadgen --help lists the commands', () => {
  const result = run('--help');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, 'topics <action>');
  assert.match(result.stdout, '--help');
});

test('--version prints the package version', () => {
  const result = run('--version');
  assert.is(result.status, 0);
  // The version users install is package.json's; cac adds the platform and the Node.js version after it.
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  assert.is(result.stdout.split(' ')[0], `loadgen/${version}`, result.stdout);
});

test('bad input: exit 2, exactly one line on stderr, no stack trace', () => {
  const result = run('topics', 'create', '--partitions', '-3', '--brokers', '127.0.0.1:1');
  assert.is(result.status, 2);
  const lines = result.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /^loadgen: invalid value for --partitions/);
  assert.not.match(result.stderr, /\n\s+at /);
});

test.run();
