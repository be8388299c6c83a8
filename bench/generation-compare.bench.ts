// The full generation path (simulate, validate, serialise, encode) of this checkout against another build
// of loadgen, side by side in one process, alternating rounds (the machine is noisy: compare ratios within
// one run). `make bench-generation-compare [BASE=cff7408]` builds BASE in bench/.build/base and runs this.
// Usage: node dist/bench/generation-compare.bench.js <other build's dist/> [events] [rounds]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const baseDist = process.argv[2];
if (!baseDist) throw new Error('usage: node dist/bench/generation-compare.bench.js <other build dist/> [events] [rounds]');
const events = Number(process.argv[3] ?? 300_000);
const rounds = Number(process.argv[4] ?? 5);
const here = resolve(new URL('../', import.meta.url).pathname);

/** One build's full path over a long-lived stream, as the producer threads run it. */
async function pathOf(dist: string): Promise<() => number> {
  const load = (module: string) => import(pathToFileURL(resolve(dist, module)).href);
  const { BatchWriter } = await load('src/events/batch.js');
  const { loadSchemaRegistry } = await load('src/events/schema-registry.js');
  const { GenerationPipeline, appendRecord } = await load('src/events/pipeline.js');
  const { DEFAULT_SCENARIO } = await load('src/model/scenario.js');
  const pipeline = new GenerationPipeline({ seed: 1, stream: 0, streams: 1, scenario: DEFAULT_SCENARIO, registry: loadSchemaRegistry() });
  // Slots 20 us apart: 50,000 events/s, the headline rate.
  let timeMs = Date.UTC(2026, 0, 1);
  return () => {
    let writer = new BatchWriter(1 << 20);
    const started = process.hrtime.bigint();
    for (let i = 0; i < events; i++) {
      const record = pipeline.next(timeMs);
      timeMs += 0.02;
      if (!appendRecord(writer, record)) {
        writer.finish();
        writer = new BatchWriter(1 << 20);
        appendRecord(writer, record);
      }
    }
    return events / (Number(process.hrtime.bigint() - started) / 1e9);
  };
}

const current = await pathOf(here);
const base = await pathOf(resolve(baseDist));
current();
base(); // warm-up: JIT, product caches, open sessions
const ratios: number[] = [];
for (let round = 0; round < rounds; round++) {
  const b = base();
  const c = current();
  ratios.push(c / b);
  console.log(`round ${round + 1}: base ${Math.round(b).toLocaleString('en-US')}/s  this checkout ${Math.round(c).toLocaleString('en-US')}/s  ${(c / b).toFixed(2)}x`);
}
const median = [...ratios].sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? NaN;
console.log(`generation path, this checkout / ${baseDist}: ${median.toFixed(2)}x (median of ${rounds} rounds of ${events.toLocaleString('en-US')} events)`);
