// Import cycles among the project's modules (src/ and workers/), type-only imports included, as
// `madge --circular` counts them: a layer may not import, even for a type, a module that imports it back.
// `node dist/scripts/import-cycles.js` prints each cycle and exits 1 if there is one;
// test/unit/import-cycles.test.ts runs the same check in `make test`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './project-root.js';

/** `import ... from './x.js'` and `export ... from './x.js'`, across lines; the relative specifier. */
const STATIC_IMPORT = /^(?:import|export)\s[^'";]*?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The relative modules a TypeScript source imports or re-exports, as .ts paths. */
export function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
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

/** The import graph of src/ and workers/ under `root`. */
export function projectGraph(root: string): Map<string, string[]> {
  const files = [...sources(join(root, 'src')), ...sources(join(root, 'workers'))];
  return new Map(files.map((file) => [file, importsOf(file, readFileSync(file, 'utf8'))]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(projectGraph(projectRoot));
  for (const cycle of cycles) console.log(`import cycle: ${cycle.map((f) => relative(projectRoot, f)).join(' <-> ')}`);
  if (cycles.length > 0) process.exit(1);
  console.log('no import cycles in src/ and workers/');
}
