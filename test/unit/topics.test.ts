import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOTSTRAP_TOPICS, LoadgenError, resolveTopicPlan } from '../../src/index.js';

test('the pipeline topics, with catalog-updates compacted and the others deleting', () => {
  assert.equal(
    BOOTSTRAP_TOPICS.map((t) => t.name),
    ['product-clicks', 'cart-adds', 'cart-removes', 'purchases', 'catalog-updates'],
  );
  for (const topic of BOOTSTRAP_TOPICS) {
    const expected = topic.name === 'catalog-updates' ? 'compact' : undefined;
    assert.is(topic.config['cleanup.policy'], expected, topic.name);
  }
});

test('the plan defaults to 6 partitions and replication factor 1', () => {
  const plan = resolveTopicPlan({});
  assert.is(plan.partitions, 6);
  assert.is(plan.replicationFactor, 1);
  assert.is(plan.topics, BOOTSTRAP_TOPICS);
  assert.ok(Object.isFrozen(plan));
});

test('user values are parsed from CLI strings', () => {
  const plan = resolveTopicPlan({ partitions: '12', replicationFactor: '3' });
  assert.is(plan.partitions, 12);
  assert.is(plan.replicationFactor, 3);
});

test('bad counts are usage errors naming the flag', () => {
  // [options, flag named in the error]
  const cases: [Record<string, unknown>, string][] = [
    [{ partitions: '0' }, '--partitions'],
    [{ partitions: 'six' }, '--partitions'],
    [{ partitions: '100000' }, '--partitions'],
    [{ replicationFactor: '0' }, '--replication-factor'],
  ];
  for (const [options, flag] of cases) {
    assert.throws(() => resolveTopicPlan(options), (err: unknown) => err instanceof LoadgenError && err.exitCode === 2 && err.message.includes(flag));
  }
});

test.run();
