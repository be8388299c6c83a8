// No import cycles in src/ and workers/, type-only imports included, and layers (src/'s directories) that
// import values one way (scripts/import-cycles.ts); the checks themselves find the cycles they are shown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCycles, importsOf, isTypeOnly, layerGraph, layerOrder, projectGraph, projectSources } from '../../scripts/import-cycles.js';
import { projectRoot } from '../support/paths.js';

test('the project has no import cycles', () => {
  const graph = projectGraph(projectRoot);
  assert.ok(graph.size > 50, `${graph.size} modules read`);
  assert.equal(findCycles(graph), []);
});

test('cycles are found: a circle of three, a pair, a self-import; a chain is not one', () => {
  const graph = new Map([
    ['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], // a -> b -> c -> a
    ['d', ['e']], ['e', []], // a chain
    ['f', ['g']], ['g', ['f']],
    ['h', ['h']],
  ]);
  assert.equal(findCycles(graph).sort(), [['a', 'b', 'c'], ['f', 'g'], ['h']]);
});

test('imports and re-exports count, type-only ones and those over several lines included; packages do not', () => {
  const source = [
    "import { a } from './a.js';",
    "import type { B } from '../b.js';",
    'import {',
    '  c,',
    "} from './c.js';",
    "export type { D } from './d.js';",
    "import Kafka from 'node-rdkafka';",
    "const lazy = await import('./e.js');",
  ].join('\n');
  assert.equal(importsOf('/p/src/x/y.ts', source), ['/p/src/x/a.ts', '/p/src/b.ts', '/p/src/x/c.ts', '/p/src/x/d.ts']);
});

test('layers import values one way: the pure engine imports no client, config, report, run or CLI code', () => {
  const layers = layerGraph(projectRoot, projectSources(projectRoot));
  assert.equal(findCycles(layers), []);
  assert.equal(layers.get('engine'), ['events', 'model']);
  assert.equal(layers.get('model'), ['errors']);
  for (const low of ['engine', 'config', 'kafka', 'report', 'thresholds']) {
    for (const high of ['run', 'cli', 'consumer']) assert.not.ok(layers.get(low)?.includes(high), `${low} imports ${high}`);
  }
  const order = layerOrder(layers);
  assert.equal(order[0], 'errors · version');
  assert.ok(order.at(-1)?.split(' · ').includes('cli'), String(order.at(-1)));
});

test('a value import back up a layer is a layer cycle; a type-only one is not', () => {
  const root = '/p';
  const modules = new Map([
    ['/p/src/engine/a.ts', "import type { R } from '../report/r.js';\nimport { type S, type T } from '../run/s.js';"],
    ['/p/src/report/r.ts', "import { a } from '../engine/a.js';"],
    ['/p/src/run/s.ts', "import { r } from '../report/r.js';"],
    ['/p/workers/w.ts', "import { s } from '../src/run/s.js';\nimport { e } from '../src/errors.js';"],
    ['/p/src/errors.ts', ''],
  ]);
  const layers = layerGraph(root, modules);
  assert.equal(findCycles(layers), []);
  assert.equal(layerOrder(layers), ['engine · errors', 'report', 'run', 'workers']);
  modules.set('/p/src/engine/b.ts', "import { type S, s } from '../run/s.js';");
  assert.equal(findCycles(layerGraph(root, modules)), [['engine', 'report', 'run']]);
});

test('type-only clauses: `type {..}`, `{ type A, type B }`, `type * as`; a mixed or default import is a value', () => {
  assert.ok(isTypeOnly('type { A } from'));
  assert.ok(isTypeOnly('{ type A, type B } from'));
  assert.ok(isTypeOnly('type * as X from'));
  assert.not.ok(isTypeOnly('{ type A, b } from'));
  assert.not.ok(isTypeOnly('X from'));
  assert.not.ok(isTypeOnly('* from'));
});

test.run();
