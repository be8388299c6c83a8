import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SCHEMAS_DIR, loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { usageErrorOf } from '../support/errors.js';

function copyOfSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-schemas-'));
  cpSync(DEFAULT_SCHEMAS_DIR, dir, { recursive: true });
  return dir;
}


test('the shipped schemas compile in strict mode, one validator per event type', () => {
  const registry = loadSchemaRegistry();
  assert.ok(registry.schemas.has('common.schema.json'));
  assert.match(registry.validateEvent('product_click', {}) ?? '', "must have required property 'event_id'");
});

test('every schema has an $id equal to its file name and a version matching schema_version', () => {
  const registry = loadSchemaRegistry();
  const common = registry.schemas.get('common.schema.json') as { $defs: { schema_version: { const: string } } };
  for (const [file, schema] of registry.schemas) {
    assert.is(schema['$id'], file);
    assert.is(schema['version'], common.$defs.schema_version.const, file);
  }
});

test('a schema file that is not valid JSON is a one-line usage error naming it', () => {
  const dir = copyOfSchemas();
  writeFileSync(join(dir, 'purchase.schema.json'), '{ "type": "object", ');
  const message = usageErrorOf(() => loadSchemaRegistry(dir));
  assert.match(message, `schema file ${join(dir, 'purchase.schema.json')} is not valid JSON`);
  assert.not.match(message, '\n');
});

test('a schema whose $id is not its file name is refused', () => {
  const dir = copyOfSchemas();
  writeFileSync(join(dir, 'cart_add.schema.json'), JSON.stringify({ $id: 'other.json', type: 'object' }));
  assert.match(usageErrorOf(() => loadSchemaRegistry(dir)), 'must be an object whose $id is its file name');
});

test('a missing schema directory or event schema is a usage error', () => {
  assert.match(usageErrorOf(() => loadSchemaRegistry('/nonexistent/schemas')), 'cannot read the schema directory');
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-schemas-empty-'));
  assert.match(usageErrorOf(() => loadSchemaRegistry(dir)), 'is missing or invalid');
});

test.run();
