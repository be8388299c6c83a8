// Creating loadgen's topics through node-rdkafka's AdminClient. Idempotent: topics that exist are left
// alone and reported (with a note when they differ from the plan), so `make up` can run it every time.
import Kafka from 'node-rdkafka';
import { describe, errors } from '../errors.js';
import type { TopicPlan } from '../topics.js';
import { clientConfig, type ConnectionOptions } from '../config/connection.js';
import { fetchTopics, type TopicInfo } from './metadata.js';

export type TopicOutcome =
  | { readonly name: string; readonly status: 'created'; readonly partitions: number }
  | { readonly name: string; readonly status: 'exists'; readonly partitions: number; readonly note?: string };

const TOPIC_ALREADY_EXISTS = Kafka.CODES.ERRORS.ERR_TOPIC_ALREADY_EXISTS;

export async function ensureTopics(plan: TopicPlan, options: ConnectionOptions): Promise<TopicOutcome[]> {
  // Metadata first: it proves the cluster answers (or fails with a clear error) before anything is created.
  const before = new Map((await fetchTopics(options)).map((topic) => [topic.name, topic]));
  const admin = Kafka.AdminClient.create(clientConfig(options, 'loadgen-admin'));
  const outcomes: TopicOutcome[] = [];
  try {
    for (const spec of plan.topics) {
      const existing = before.get(spec.name);
      if (existing) {
        outcomes.push(existsOutcome(existing, plan));
        continue;
      }
      const created = await createTopic(admin, {
        topic: spec.name,
        num_partitions: plan.partitions,
        replication_factor: plan.replicationFactor,
        config: { ...spec.config },
      }, options.timeoutMs);
      outcomes.push(created ? { name: spec.name, status: 'created', partitions: plan.partitions } : { name: spec.name, status: 'exists', partitions: plan.partitions });
    }
  } finally {
    admin.disconnect();
  }
  await waitForLeaders(outcomes.filter((o) => o.status === 'created').map((o) => o.name), options);
  return outcomes;
}

function existsOutcome(topic: TopicInfo, plan: TopicPlan): TopicOutcome {
  const note = topic.partitions === plan.partitions ? undefined : `has ${topic.partitions} partitions, not ${plan.partitions}; left as it is`;
  return note === undefined ? { name: topic.name, status: 'exists', partitions: topic.partitions } : { name: topic.name, status: 'exists', partitions: topic.partitions, note };
}

/** Resolves true when created, false when another client created it first; rejects on any other error. */
function createTopic(admin: Kafka.IAdminClient, topic: Kafka.NewTopic, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    admin.createTopic(topic, timeoutMs, (err) => {
      if (!err) resolve(true);
      else if (err.code === TOPIC_ALREADY_EXISTS) resolve(false);
      else reject(errors.kafka(`creating topic ${topic.topic}`, describe(err)));
    });
  });
}

/** A topic is usable once every partition has a leader; producing earlier fails with unknown-partition errors. */
async function waitForLeaders(names: readonly string[], options: ConnectionOptions): Promise<void> {
  if (names.length === 0) return;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const topics = new Map((await fetchTopics(options)).map((topic) => [topic.name, topic]));
    const pending = names.filter((name) => {
      const topic = topics.get(name);
      return topic === undefined || topic.leaderless > 0 || topic.partitions === 0;
    });
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw errors.kafka('creating topics', `${pending.join(', ')} had no partition leaders after ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
