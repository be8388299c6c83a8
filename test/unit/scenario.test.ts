import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SCENARIO, loadScenarioFile, resolveScenario } from '../../src/model/scenario.js';
import { registry } from '../support/generate.js';
import { usageErrorOf } from '../support/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-scenario-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};


test('the defaults are a valid scenario', () => {
  assert.is(registry().validateScenario(DEFAULT_SCENARIO), null);
});

test('a file overrides only what it names; objects merge, arrays replace', () => {
  const s = loadScenarioFile(file('small.json', JSON.stringify({ catalog: { products: 500, change_period_minutes: [5, 10] }, sessions: { concurrency: 10 } })), registry());
  assert.is(s.catalog.products, 500);
  assert.equal(s.catalog.change_period_minutes, [5, 10]);
  assert.is(s.catalog.categories, DEFAULT_SCENARIO.catalog.categories);
  assert.is(s.sessions.concurrency, 10);
  assert.equal(s.sessions.intents, DEFAULT_SCENARIO.sessions.intents);
  assert.ok(Object.isFrozen(s.catalog));
});

test('bad scenarios: one line naming the file and what is wrong', () => {
  // [file content, text the message must contain]
  const cases: [string, string][] = [
    ['{"catalog": {"products": 0}}', '/catalog/products must be >= 1'],
    ['{"sessions": {"concurrency": "many"}}', '/sessions/concurrency must be integer'],
    ['{"catalog": {"prodcts": 10}}', "must NOT have additional properties 'prodcts'"],
    ['{"catalog": {"change_period_minutes": [60, 10]}}', 'min <= max'],
    ['{"catalog": {"price_p90": 100}}', 'price_p90 must be above price_median'],
    ['[1, 2]', 'must be a JSON object'],
    ['{"catalog": ', 'is not valid JSON'],
  ];
  cases.forEach(([content, needle], i) => {
    const path = file(`bad-${i}.json`, content);
    const message = usageErrorOf(() => loadScenarioFile(path, registry()));
    assert.match(message, needle);
    assert.match(message, path);
  });
});

test('a missing file names the flag and the path', () => {
  assert.match(usageErrorOf(() => loadScenarioFile(join(dir, 'nope.json'), registry())), `--scenario: cannot read ${join(dir, 'nope.json')}`);
});

test('resolveScenario without a file gives the defaults, frozen', () => {
  const s = resolveScenario(undefined, registry());
  assert.equal(s, DEFAULT_SCENARIO);
  // Frozen all the way down: every object and array in it, so no stream can change what another one reads.
  const unfrozen: string[] = [];
  (function walk(value: unknown, at: string) {
    if (typeof value !== 'object' || value === null) return;
    if (!Object.isFrozen(value)) unfrozen.push(at || '/');
    for (const [key, child] of Object.entries(value)) walk(child, `${at}/${key}`);
  })(s, '');
  assert.equal(unfrozen, []);
  // Test modules are strict code: writing to a frozen object throws rather than being ignored.
  assert.throws(() => {
    (s.catalog as { products: number }).products = 1;
  }, TypeError);
  assert.throws(() => {
    (s.sessions.intents as unknown as unknown[]).push({});
  }, TypeError);
  assert.throws(() => {
    (s.sessions.transitions.view as { exit: number }).exit = 0;
  }, TypeError);
  assert.is(s.catalog.products, DEFAULT_SCENARIO.catalog.products);
});

test.run();
