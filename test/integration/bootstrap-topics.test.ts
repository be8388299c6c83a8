// After `make up`, the pipeline topics exist with its partition count (PARTITIONS), and catalog-updates is
// compacted. The cleanup policy is read with Kafka's own ConfigCommand (node-rdkafka cannot describe configs),
// so this checks the broker's view, not loadgen's.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOTSTRAP_TOPICS, fetchTopics } from '../../src/index.js';
import { runBounded } from '../support/child.js';
import { BROKERS, bootstrapPartitions, connection } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';

test('every bootstrap topic exists with the partition count make up gave it, and leaders', async () => {
  const partitions = bootstrapPartitions();
  const topics = new Map((await fetchTopics(connection)).map((t) => [t.name, t]));
  for (const spec of BOOTSTRAP_TOPICS) {
    const topic = topics.get(spec.name);
    assert.ok(topic, `${spec.name} is missing`);
    assert.is(topic.partitions, partitions, spec.name);
    assert.is(topic.leaderless, 0, spec.name);
  }
});

test('catalog-updates is compacted; the event topics keep the broker default (delete)', async () => {
  const configCommand = await runBounded(
    'java',
    [
      `-Dlog4j2.configurationFile=${join(projectRoot, 'broker/log4j2.xml')}`,
      `-Dkafka.logs.dir=${join(projectRoot, '.kafka/logs')}`,
      '-cp', join(projectRoot, '.kafka/lib/*'),
      'kafka.admin.ConfigCommand', '--bootstrap-server', BROKERS, '--entity-type', 'topics', '--describe',
    ],
    { timeoutMs: 60_000 },
  );
  assert.is(configCommand.status, 0, configCommand.stderr);
  const output = configCommand.stdout;
  // Output: "Dynamic configs for topic NAME are:" followed by indented "key=value ..." lines.
  const policies = new Map<string, string>();
  let current = '';
  for (const line of output.split('\n')) {
    const header = /^Dynamic configs for topic (\S+) are:/.exec(line);
    if (header?.[1]) current = header[1];
    const policy = /^\s+cleanup\.policy=(\S+)/.exec(line);
    if (policy?.[1]) policies.set(current, policy[1]);
  }
  for (const spec of BOOTSTRAP_TOPICS) {
    assert.is(policies.get(spec.name), spec.config['cleanup.policy'], spec.name);
  }
  assert.is(policies.get('catalog-updates'), 'compact');
});

test.run();
