// `loadgen topics create|list` as a user runs them against the local broker.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOTSTRAP_TOPICS, fetchTopics } from '../../src/index.js';
import { runLoadgen } from '../support/child.js';
import { BROKERS, bootstrapPartitions, connection } from '../support/kafka.js';

function loadgen(...args: string[]) {
  return runLoadgen([...args, '--brokers', BROKERS], { timeoutMs: 60_000 });
}

test('topics create is idempotent: after make up every topic is reported as existing', async () => {
  // `make up`'s own command again, with the partition count it used.
  const partitions = bootstrapPartitions();
  const result = await loadgen('topics', 'create', '--partitions', String(partitions));
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.is(lines.length, BOOTSTRAP_TOPICS.length);
  for (const spec of BOOTSTRAP_TOPICS) {
    assert.ok(lines.some((line) => new RegExp(`^exists\\s+${spec.name}\\s+${partitions} partitions$`).test(line)), result.stdout);
  }
});

test('topics list prints a header and each topic with its partition count', async () => {
  // The counts the broker's own metadata gives, whatever they are.
  const counts = new Map((await fetchTopics(connection)).map((t) => [t.name, t.partitions]));
  const result = await loadgen('topics', 'list');
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^TOPIC\s+PARTITIONS$/);
  for (const spec of BOOTSTRAP_TOPICS) {
    assert.ok(counts.has(spec.name), `${spec.name} is missing`);
    assert.ok(lines.some((line) => new RegExp(`^${spec.name}\\s+${counts.get(spec.name)}$`).test(line)), result.stdout);
  }
  assert.not.ok(lines.some((line) => line.startsWith('__')), 'internal topics are hidden');
});

test.run();
