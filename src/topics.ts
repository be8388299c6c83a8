// The topics of the e-commerce pipeline that loadgen fills, and the pure step that turns the user's
// `topics create` options into a plan. Creating them against a broker is kafka/admin.ts's job.
import { parseInteger } from './config/option-values.js';

export interface TopicSpec {
  readonly name: string;
  /** Topic-level configuration applied at creation, e.g. cleanup.policy. */
  readonly config: Readonly<Record<string, string>>;
  readonly description: string;
}

/** One topic per event type; the event model routes each type to its topic. */
export const BOOTSTRAP_TOPICS: readonly TopicSpec[] = Object.freeze([
  { name: 'product-clicks', config: {}, description: 'product views and clicks' },
  { name: 'cart-adds', config: {}, description: 'products added to a cart' },
  { name: 'cart-removes', config: {}, description: 'products removed from a cart' },
  { name: 'purchases', config: {}, description: 'orders with their line items' },
  // Compacted: keyed by product id, the latest catalog state per product survives; a delisting is a tombstone.
  { name: 'catalog-updates', config: { 'cleanup.policy': 'compact' }, description: 'price, stock and listing changes' },
]);

export const DEFAULT_PARTITIONS = 6;
export const DEFAULT_REPLICATION_FACTOR = 1;

/** What the user typed (strings from the CLI or numbers from a config file); all optional. */
export interface TopicOptions {
  readonly partitions?: unknown;
  readonly replicationFactor?: unknown;
}

export interface TopicPlan {
  readonly topics: readonly TopicSpec[];
  readonly partitions: number;
  readonly replicationFactor: number;
}

export function resolveTopicPlan(options: TopicOptions, topics: readonly TopicSpec[] = BOOTSTRAP_TOPICS): TopicPlan {
  return Object.freeze({
    topics,
    // Kafka's own limit is far higher, but thousands of partitions on a load generator's topic is a typo.
    partitions: parseInteger('--partitions', options.partitions ?? DEFAULT_PARTITIONS, 1, 10_000),
    replicationFactor: parseInteger('--replication-factor', options.replicationFactor ?? DEFAULT_REPLICATION_FACTOR, 1, 32),
  });
}
