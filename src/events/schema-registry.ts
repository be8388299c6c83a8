// Loads the JSON Schemas from disk and compiles validators with ajv in strict mode. Compiled validators cannot
// cross threads, so the coordinator also generates them as ajv standalone code (eventValidatorsCode) that
// each generator thread loads without ajv (event-validators.ts). A schema file that cannot be read or parsed
// is the user's problem to fix: a one-line usage error naming the file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { describe, errors } from '../errors.js';
import { EVENT_TYPES } from './event-types.js';
import { firstError, type EventValidator } from './event-validators.js';

/** schemas/ of this package, seen from the compiled dist/src/events/. */
export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface SchemaRegistry extends EventValidator {
  readonly dir: string;
  /** Every schema by $id (= file name). */
  readonly schemas: ReadonlyMap<string, AnySchemaObject>;
  validateScenario(scenario: unknown): string | null;
  validateSummary(summary: unknown): string | null;
}

function newAjv(schemas: ReadonlyMap<string, AnySchemaObject>, source: boolean): Ajv2020 {
  // dynamicRef and unevaluated* are unused here; enabled, they make every validator allocate and track
  // evaluated properties per call, which doubled the cost of validating a click.
  const ajv = new Ajv2020({ strict: true, allErrors: false, dynamicRef: false, unevaluated: false, code: { source } });
  // Annotation keywords: ours ("version") and json-schema-to-typescript's, which strict mode would reject.
  for (const keyword of ['version', 'tsType', 'tsEnumNames']) ajv.addKeyword({ keyword });
  for (const schema of schemas.values()) ajv.addSchema(schema);
  return ajv;
}

export function loadSchemaRegistry(dir: string = DEFAULT_SCHEMAS_DIR): SchemaRegistry {
  const schemas = readSchemas(dir);
  const ajv = newAjv(schemas, false);
  const compile = (id: string): ValidateFunction => {
    try {
      const validate = ajv.getSchema(id);
      if (!validate) throw new Error('missing');
      return validate;
    } catch (err) {
      throw errors.usage(`schema ${join(dir, id)} is missing or invalid: ${describe(err)}`);
    }
  };
  const eventValidators = new Map(EVENT_TYPES.map((type) => [type, compile(`${type}.schema.json`)]));
  const scenarioValidator = compile('scenario.schema.json');
  const summaryValidator = compile('summary.schema.json');

  return {
    dir,
    schemas,
    validateEvent: (type, event) => firstError(eventValidators.get(type), event),
    validateScenario: (scenario) => firstError(scenarioValidator, scenario),
    validateSummary: (summary) => firstError(summaryValidator, summary),
  };
}

/**
 * The event validators of the schemas in `dir` as ajv standalone code (a CommonJS module exporting one
 * validate function per event type), for loadEventValidators() in each generator thread.
 */
export function eventValidatorsCode(dir: string = DEFAULT_SCHEMAS_DIR): string {
  const ajv = newAjv(readSchemas(dir), true);
  try {
    return standalone.default(ajv, Object.fromEntries(EVENT_TYPES.map((type) => [type, `${type}.schema.json`])));
  } catch (err) {
    throw errors.usage(`the event schemas in ${dir} cannot be compiled: ${describe(err)}`);
  }
}

function readSchemas(dir: string): Map<string, AnySchemaObject> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  } catch {
    throw errors.usage(`cannot read the schema directory ${dir}`);
  }
  const schemas = new Map<string, AnySchemaObject>();
  for (const file of files) {
    const path = join(dir, file);
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw errors.usage(`schema file ${path} is not valid JSON: ${describe(err)}`);
    }
    if (typeof schema !== 'object' || schema === null || (schema as AnySchemaObject)['$id'] !== file) {
      throw errors.usage(`schema file ${path} must be an object whose $id is its file name ("${file}")`);
    }
    schemas.set(file, schema as AnySchemaObject);
  }
  return schemas;
}
