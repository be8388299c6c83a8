// Events per second on one core for the whole generation path: simulate, validate, then the JSON written
// straight into the batch format the load engine uses (BatchWriter.appendEvent). Stages are measured
// cumulatively so each one's cost shows; '+serialise to a string' is serializeEvent (what `loadgen sample`
// prints), not on the load path. The same path with JSON.stringify (the obvious implementation) runs
// alternately in the same process, reported as a ratio, because this machine is noisy.
// Usage: node dist/bench/generation.bench.js [events] [rounds]
import { BatchWriter } from '../src/events/batch.js';
import { EVENT_TYPES, type EventType } from '../src/events/event-types.js';
import { loadSchemaRegistry } from '../src/events/schema-registry.js';
import { serializeEvent } from '../src/events/serializers.js';
import { EventStream } from '../src/model/event-stream.js';
import { DEFAULT_SCENARIO } from '../src/model/scenario.js';

const events = Number(process.argv[2] ?? 500_000);
const rounds = Number(process.argv[3] ?? 5);
const registry = loadSchemaRegistry();
const topicIndex = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;
// Slots 20 us apart: 50,000 events/s, the headline rate, so catalog buckets pass as in a real run.
const SLOT_MS = 0.02;

type Stage = 'simulate' | '+validate' | '+serialise to a string' | '+write into the batch (full path)' | 'full path, JSON.stringify';
const STAGES: Stage[] = ['simulate', '+validate', '+serialise to a string', '+write into the batch (full path)', 'full path, JSON.stringify'];
const FULL: Stage = '+write into the batch (full path)';

function run(stage: Stage, stream: EventStream, clock: { t: number }): number {
  const validate = stage !== 'simulate';
  const asText = stage === '+serialise to a string' ? serializeEvent : stage === 'full path, JSON.stringify' ? JSON.stringify : null;
  const full = stage === FULL;
  let writer = new BatchWriter(1 << 20);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    const e = stream.next(clock.t);
    clock.t += SLOT_MS;
    if (!e) throw new Error('stream ended');
    if (!e.value) continue;
    if (validate && registry.validateEvent(e.type, e.value) !== null) throw new Error('invalid event');
    if (full) {
      if (!writer.appendEvent(topicIndex[e.type], e.timeMs, e.key, e.value)) {
        writer.finish();
        writer = new BatchWriter(1 << 20);
        writer.appendEvent(topicIndex[e.type], e.timeMs, e.key, e.value);
      }
      continue;
    }
    if (asText === null) continue;
    const json = asText(e.value);
    if (stage === 'full path, JSON.stringify' && !writer.append(topicIndex[e.type], 0, e.timeMs, e.key, json)) {
      writer.finish();
      writer = new BatchWriter(1 << 20);
      writer.append(topicIndex[e.type], 0, e.timeMs, e.key, json);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return events / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const stream = new EventStream({ seed: 1, stream: 0, streams: 1, scenario: DEFAULT_SCENARIO });
const clock = { t: Date.UTC(2026, 0, 1) };
run(FULL, stream, clock); // warm-up: JIT, product cache, 10,000 open sessions
const rates = new Map<Stage, number[]>(STAGES.map((s) => [s, []]));
for (let round = 0; round < rounds; round++) for (const stage of STAGES) rates.get(stage)!.push(run(stage, stream, clock));

console.log(`generation path, one core, ${events.toLocaleString('en-US')} events x ${rounds} rounds (median, min-max events/s)`);
for (const stage of STAGES) {
  const r = rates.get(stage)!;
  const us = 1e6 / median(r);
  console.log(`  ${stage.padEnd(28)} ${Math.round(median(r)).toLocaleString('en-US').padStart(9)}  (${Math.round(Math.min(...r)).toLocaleString('en-US')}-${Math.round(Math.max(...r)).toLocaleString('en-US')})  ${us.toFixed(2)} us/event`);
}
const full = rates.get(FULL)!;
const naive = rates.get('full path, JSON.stringify')!;
const ratios = full.map((f, i) => f / (naive[i] ?? NaN));
console.log(`  full path vs JSON.stringify path: ${median(ratios).toFixed(2)}x (per-round ratios ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`  target: 400,000 events/s per core; measured ${Math.round(median(full)).toLocaleString('en-US')}`);
