// `loadgen sample` as a library: the events of N complete sessions from one generator stream, with event
// times on a fixed schedule (start + i / rate), so output depends only on the options, never on how fast it
// is written.
import { randomInt } from 'node:crypto';
import { errors } from './errors.js';
import { GenerationPipeline, type PipelineRecord } from './events/pipeline.js';
import { loadSchemaRegistry, type SchemaRegistry } from './events/schema-registry.js';
import { parseFraction, parseInteger, parsePositiveNumber } from './config/option-values.js';
import { DEFAULT_SCENARIO, loadScenarioFile, type Scenario } from './model/scenario.js';

/** What the user typed; every field optional. */
export interface SampleFlags {
  readonly sessions?: unknown;
  readonly seed?: unknown;
  readonly format?: unknown;
  readonly stats?: unknown;
  readonly scenario?: unknown;
  readonly rate?: unknown;
  readonly start?: unknown;
  readonly injectInvalid?: unknown;
  readonly schemas?: unknown;
}

export type SampleFormat = 'jsonl' | 'records';

export interface SampleConfig {
  readonly sessions: number;
  readonly seed: number;
  /** True when the seed was drawn at random (the CLI tells the user how to replay). */
  readonly seedDrawn: boolean;
  readonly format: SampleFormat;
  readonly stats: boolean;
  readonly scenario: Scenario;
  readonly registry: SchemaRegistry;
  /** Nominal events per second that spaces the event times. */
  readonly rate: number;
  readonly startMs: number;
  readonly injectInvalid: number;
}

export interface SampleContext {
  readonly nowMs: number;
  /** Where a seed comes from when none is given; injectable for tests. */
  readonly drawSeed?: () => number;
}

export function resolveSampleConfig(flags: SampleFlags, context: SampleContext): SampleConfig {
  const sessions = parseInteger('--sessions', flags.sessions ?? 1000, 1, 100_000_000);
  const seedDrawn = flags.seed === undefined;
  const seed = seedDrawn ? (context.drawSeed ?? (() => randomInt(0, 2 ** 32 - 1)))() : parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1);
  const format = flags.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'records') throw errors.invalidOption('--format', format, 'jsonl or records');
  const rate = parsePositiveNumber('--rate', flags.rate ?? 1000);
  const injectInvalid = flags.injectInvalid === undefined ? 0 : parseFraction('--inject-invalid', flags.injectInvalid);
  const startMs = flags.start === undefined ? Math.floor(context.nowMs) : parseStart(flags.start);
  if (flags.schemas !== undefined && typeof flags.schemas !== 'string') throw errors.invalidOption('--schemas', flags.schemas, 'a directory');
  const registry = loadSchemaRegistry(...(typeof flags.schemas === 'string' ? [flags.schemas] : []));
  if (flags.scenario !== undefined && typeof flags.scenario !== 'string') throw errors.invalidOption('--scenario', flags.scenario, 'a JSON file');
  const scenario = typeof flags.scenario === 'string' ? loadScenarioFile(flags.scenario, registry) : DEFAULT_SCENARIO;
  return Object.freeze({ sessions, seed, seedDrawn, format, stats: flags.stats === true, scenario, registry, rate, startMs, injectInvalid });
}

/** The sample's records in order, then the pipeline (for its invalid and injected counts). */
export function* sampleRecords(config: SampleConfig): Generator<PipelineRecord, GenerationPipeline> {
  const pipeline = new GenerationPipeline({
    seed: config.seed,
    stream: 0,
    streams: 1,
    scenario: config.scenario,
    maxSessions: config.sessions,
    registry: config.registry,
    injectInvalid: config.injectInvalid,
  });
  const interval = 1000 / config.rate;
  for (let slot = 0; ; slot++) {
    const record = pipeline.next(config.startMs + slot * interval);
    if (!record) return pipeline;
    yield record;
  }
}


function parseStart(raw: unknown): number {
  const text = String(raw);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0) throw errors.invalidOption('--start', raw, 'an RFC 3339 time such as 2026-01-01T00:00:00Z, or Unix ms');
  return ms;
}
