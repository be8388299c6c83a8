// ensureTopics() creates what is missing, leaves what exists alone and says so, and waits for leaders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureTopics, fetchTopics, resolveTopicPlan, type TopicSpec } from '../../src/index.js';
import { connection, deleteTopics, uniqueTopic } from '../support/kafka.js';

const specs: TopicSpec[] = [
  { name: uniqueTopic('ensure-a'), config: {}, description: 'test' },
  { name: uniqueTopic('ensure-b'), config: { 'cleanup.policy': 'compact' }, description: 'test' },
];

test.after(() => deleteTopics(specs.map((s) => s.name)));

test('missing topics are created with the planned partitions and are usable at once', async () => {
  const outcomes = await ensureTopics(resolveTopicPlan({ partitions: 3 }, specs), connection);
  assert.equal(outcomes, specs.map((s) => ({ name: s.name, status: 'created', partitions: 3 })));
  const topics = new Map((await fetchTopics(connection)).map((t) => [t.name, t]));
  for (const spec of specs) {
    assert.is(topics.get(spec.name)?.partitions, 3);
    assert.is(topics.get(spec.name)?.leaderless, 0);
  }
});

test('running again changes nothing and reports the topics as existing', async () => {
  const outcomes = await ensureTopics(resolveTopicPlan({ partitions: 3 }, specs), connection);
  assert.equal(outcomes.map((o) => o.status), ['exists', 'exists']);
  assert.equal(outcomes.map((o) => ('note' in o ? o.note : undefined)), [undefined, undefined]);
});

test('a different partition count is reported, not applied', async () => {
  const outcomes = await ensureTopics(resolveTopicPlan({ partitions: 5 }, specs), connection);
  for (const outcome of outcomes) {
    assert.is(outcome.status, 'exists');
    assert.is(outcome.partitions, 3);
    assert.match(outcome.status === 'exists' ? (outcome.note ?? '') : '', 'has 3 partitions, not 5');
  }
});

test.run();
