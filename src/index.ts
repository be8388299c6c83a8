// loadgen as a library. The CLI (src/cli) is a thin shell over these exports: resolve a RunConfig from
// options, run it with runLoad (or startRun, to stop it), and read or render results directories.
//
//   const config = resolveRunConfig({ rate: '5000', duration: '30s' }, { env: process.env, nowMs: Date.now(), randomU32 });
//   const result = await runLoad(config, { onProgress: (s) => console.log(s.ackedRate) });
//   console.log(result.summary.latency_ms.ack?.p99, exitCodeOf(result));
export { ExitCode, LoadgenError, errors, isLoadgenError } from './errors.js';
export { DEFAULT_BROKERS, resolveBrokers } from './config/brokers.js';
export { parseDuration, parseInteger } from './config/option-values.js';
export { PRODUCER_DEFAULTS, resolveRunConfig, mergeConfigFile, type RunConfig, type RunContext, type RunFlags } from './config/run-config.js';
export { BOOTSTRAP_TOPICS, DEFAULT_PARTITIONS, resolveTopicPlan, type TopicPlan, type TopicSpec } from './topics.js';
export { clientConfig, type ConnectionOptions } from './config/connection.js';
export { fetchTopics, type TopicInfo } from './kafka/metadata.js';
export { ensureTopics, type TopicOutcome } from './kafka/admin.js';
export { runLoad, startRun, exitCodeOf, type LoadResult, type RunLoadDeps, type RunNotice, type RunningLoad } from './run/run-load.js';
export type { Schedule } from './engine/pacer.js';
export type { ProgressSample } from './engine/monitor.js';
export type { RunOutcome } from './engine/run-outcome.js';
export { renderSummary, type RunSummary } from './report/summary.js';
export { loadResults, type RunResults } from './report/results-dir.js';
export { renderComparison } from './report/compare.js';
export { parseAssertion, evaluate, type Assertion, type AssertionResult } from './thresholds.js';
