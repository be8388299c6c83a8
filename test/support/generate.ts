// Generated events for tests: a bounded sample through the real pipeline (validation included).
import { GenerationPipeline, type PipelineRecord } from '../../src/events/pipeline.js';
import { loadSchemaRegistry, type SchemaRegistry } from '../../src/events/schema-registry.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../src/model/scenario.js';

export const START = Date.UTC(2026, 0, 1);
let sharedRegistry: SchemaRegistry | undefined;

export function registry(): SchemaRegistry {
  return (sharedRegistry ??= loadSchemaRegistry());
}

export interface GenerateOptions {
  /** Start this many sessions, then end when all have finished. */
  sessions?: number;
  /** Instead: exactly this many slots of an unbounded stream, whose sessions are replaced as they end (as in a run). */
  slots?: number;
  seed?: number;
  stream?: number;
  streams?: number;
  scenario?: Scenario;
  /** Milliseconds between slots (default 1). */
  intervalMs?: number;
  injectInvalid?: number;
  purchaseBoost?: (timeMs: number) => number;
}

export function generate(options: GenerateOptions): { records: PipelineRecord[]; pipeline: GenerationPipeline } {
  const pipeline = new GenerationPipeline({
    seed: options.seed ?? 1,
    stream: options.stream ?? 0,
    streams: options.streams ?? 1,
    scenario: options.scenario ?? DEFAULT_SCENARIO,
    ...(options.slots === undefined ? { maxSessions: options.sessions ?? 0 } : {}),
    registry: registry(),
    injectInvalid: options.injectInvalid ?? 0,
    ...(options.purchaseBoost ? { purchaseBoost: options.purchaseBoost } : {}),
  });
  const records: PipelineRecord[] = [];
  for (let slot = 0; slot < (options.slots ?? Infinity); slot++) {
    const record = pipeline.next(START + slot * (options.intervalMs ?? 1));
    if (!record) break;
    records.push(record);
  }
  return { records, pipeline };
}
