// loadgen as a library. The CLI (src/cli) is a thin shell over these exports.
export { ExitCode, LoadgenError, errors, isLoadgenError } from './errors.js';
export { DEFAULT_BROKERS, resolveBrokers } from './brokers.js';
export { parseDuration, parseInteger } from './option-values.js';
export { BOOTSTRAP_TOPICS, DEFAULT_PARTITIONS, resolveTopicPlan, type TopicPlan, type TopicSpec } from './topics.js';
export { clientConfig, type ConnectionOptions } from './kafka/client-config.js';
export { fetchTopics, type TopicInfo } from './kafka/metadata.js';
export { ensureTopics, type TopicOutcome } from './kafka/admin.js';
