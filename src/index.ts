// loadgen as a library. The CLI (src/cli) is a thin shell over these exports.
export { ExitCode, LoadgenError, errors, isLoadgenError } from './errors.js';
export { DEFAULT_BROKERS, resolveBrokers } from './config/brokers.js';
export { parseDuration, parseInteger } from './config/option-values.js';
export { BOOTSTRAP_TOPICS, DEFAULT_PARTITIONS, resolveTopicPlan, type TopicPlan, type TopicSpec } from './topics.js';
export { clientConfig, type ConnectionOptions } from './config/connection.js';
export { fetchTopics, type TopicInfo } from './kafka/metadata.js';
export { ensureTopics, type TopicOutcome } from './kafka/admin.js';
