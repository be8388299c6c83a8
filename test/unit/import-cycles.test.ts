// No import cycles in src/ and workers/, type-only imports included (scripts/import-cycles.ts), and the check
// itself finds the cycles it is shown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCycles, importsOf, projectGraph } from '../../scripts/import-cycles.js';
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

test.run();
