// Two checks of the project's structure (src/ and workers/), run by `make lint` and by
// test/unit/import-cycles.test.ts in `make test`:
// - no import cycles among modules, type-only imports included, as `madge --circular` counts them: a module
//   may not import, even for a type, a module that imports it back;
// - layers that import one way: a layer is a directory of src/ (config, engine, kafka, report, run, ...), a
//   file at src/'s top (thresholds, errors, ...) or workers/; value imports between layers form no cycle,
//   so the layers have an order (docs/design.md). Only a type-only import may point back up.
// `node dist/scripts/import-cycles.js` prints what it finds, the layer order included, and exits 1 on a cycle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './project-root.js';

/** `import ... from './x.js'` and `export ... from './x.js'`, across lines; the relative specifier. */
const STATIC_IMPORT = /^(?:import|export)\s[^'";]*?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The same, with what is imported: `type { A }`, `{ type A, type B }` or `type * as X` are type-only. */
const STATIC_IMPORT_CLAUSE = /^(?:import|export)\s([^'";]*?)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The relative modules a TypeScript source imports or re-exports, as .ts paths. */
export function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
}

/** Whether an import clause (`{ a, type B } from`) brings in only types, which vanish from the JavaScript. */
export function isTypeOnly(clause: string): boolean {
  const c = clause.trim().replace(/\s*from$/, '');
  if (/^type\s/.test(c)) return true;
  const named = /^\{([^}]*)\}$/.exec(c);
  if (!named) return false;
  const names = (named[1] as string).split(',').map((n) => n.trim()).filter((n) => n !== '');
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The modules a source imports for values (type-only imports left out), as .ts paths. */
export function valueImportsOf(file: string, source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT_CLAUSE)]
    .filter((m) => !isTypeOnly(m[1] as string))
    .map((m) => resolve(dirname(file), (m[2] as string).replace(/\.js$/, '.ts')));
}

/** The layer of a module under `root`: its directory under src/ (or src/'s file name), or `workers`. */
export function layerOf(root: string, file: string): string {
  const [top, second, third] = relative(root, file).split('/');
  if (top !== 'src') return top as string;
  return third === undefined ? (second as string).replace(/\.ts$/, '') : (second as string);
}

/** Layer -> the layers it imports values from (itself and paths outside src/ and workers/ left out). */
export function layerGraph(root: string, modules: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const [file, source] of modules) {
    const from = layerOf(root, file);
    const to = graph.get(from) ?? new Set<string>();
    graph.set(from, to);
    for (const target of valueImportsOf(file, source)) {
      if (!modules.has(target)) continue;
      const layer = layerOf(root, target);
      if (layer !== from) to.add(layer);
    }
  }
  return new Map([...graph].map(([layer, to]) => [layer, [...to].sort()]));
}

/** The layers from the lowest (imports no other) up, when the graph has no cycle: each after what it imports. */
export function layerOrder(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (placed.size < graph.size) {
    const ready = [...graph.keys()].filter((l) => !placed.has(l) && (graph.get(l) ?? []).every((d) => placed.has(d))).sort();
    if (ready.length === 0) throw new Error('the layers import one another in a cycle');
    order.push(ready.join(' · '));
    for (const l of ready) placed.add(l);
  }
  return order;
}

/** Every group of modules that import one another in a circle (strongly connected components of two or more, or a self-import). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      group.push(w);
    }
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The sources of src/ and workers/ under `root`, by path. */
export function projectSources(root: string): Map<string, string> {
  const files = [...sources(join(root, 'src')), ...sources(join(root, 'workers'))];
  return new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
}

/** The import graph of src/ and workers/ under `root`. */
export function projectGraph(root: string): Map<string, string[]> {
  return new Map([...projectSources(root)].map(([file, source]) => [file, importsOf(file, source)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(projectGraph(projectRoot));
  for (const cycle of cycles) console.log(`import cycle: ${cycle.map((f) => relative(projectRoot, f)).join(' <-> ')}`);
  const layers = layerGraph(projectRoot, projectSources(projectRoot));
  const layerCycles = findCycles(layers);
  for (const cycle of layerCycles) console.log(`layers importing values from one another: ${cycle.join(' <-> ')}`);
  if (cycles.length > 0 || layerCycles.length > 0) process.exit(1);
  console.log('no import cycles in src/ and workers/; layers, lowest first:');
  for (const [i, layer] of layerOrder(layers).entries()) console.log(`  ${i + 1}. ${layer}`);
}
