// `loadgen topics create|list` as a user runs them against the local broker.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOTSTRAP_TOPICS } from '../../src/index.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

function loadgen(...args: string[]) {
  return spawnSync(loadgenBin, [...args, '--brokers', BROKERS], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
}

test('topics create is idempotent: after make up every topic is reported as existing', () => {
  const result = loadgen('topics', 'create');
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.is(lines.length, BOOTSTRAP_TOPICS.length);
  for (const spec of BOOTSTRAP_TOPICS) {
    assert.ok(lines.some((line) => new RegExp(`^exists\\s+${spec.name}\\s+6 partitions$`).test(line)), result.stdout);
  }
});

test('topics list prints a header and each topic with its partition count', () => {
  const result = loadgen('topics', 'list');
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^TOPIC\s+PARTITIONS$/);
  for (const spec of BOOTSTRAP_TOPICS) {
    assert.ok(lines.some((line) => new RegExp(`^${spec.name}\\s+6$`).test(line)), result.stdout);
  }
  assert.not.ok(lines.some((line) => line.startsWith('__')), 'internal topics are hidden');
});

test.run();
