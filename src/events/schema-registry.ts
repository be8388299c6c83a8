// Loads the JSON Schemas from disk and compiles validators with ajv in strict mode, once per thread (each
// worker builds its own registry: compiled validators cannot cross threads). A schema file that cannot be
// read or parsed is the user's problem to fix: a one-line usage error naming the file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { errors } from '../errors.js';
import { EVENT_TYPES, type EventType } from './event-types.js';

/** schemas/ of this package, seen from the compiled dist/src/events/. */
export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface SchemaRegistry {
  readonly dir: string;
  /** Every schema by $id (= file name). */
  readonly schemas: ReadonlyMap<string, AnySchemaObject>;
  /** Returns null when valid, else the first violation as "path message", e.g. "/price must be >= 0". */
  validateEvent(type: EventType, event: unknown): string | null;
  validateScenario(scenario: unknown): string | null;
  validateSummary(summary: unknown): string | null;
}

export function loadSchemaRegistry(dir: string = DEFAULT_SCHEMAS_DIR): SchemaRegistry {
  const schemas = readSchemas(dir);
  // dynamicRef and unevaluated* are unused here; enabled, they make every validator allocate and track
  // evaluated properties per call, which doubled the cost of validating a click.
  const ajv = new Ajv2020({ strict: true, allErrors: false, dynamicRef: false, unevaluated: false });
  // Annotation keywords: ours ("version") and json-schema-to-typescript's, which strict mode would reject.
  for (const keyword of ['version', 'tsType', 'tsEnumNames']) ajv.addKeyword({ keyword });
  for (const schema of schemas.values()) ajv.addSchema(schema);

  const compile = (id: string): ValidateFunction => {
    try {
      const validate = ajv.getSchema(id);
      if (!validate) throw new Error('missing');
      return validate;
    } catch (err) {
      throw errors.usage(`schema ${join(dir, id)} is missing or invalid: ${err instanceof Error ? err.message : String(err)}`);
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

function firstError(validate: ValidateFunction | undefined, value: unknown): string | null {
  if (!validate) return 'no validator';
  if (validate(value)) return null;
  const error = validate.errors?.[0];
  if (!error) return 'invalid';
  const allowed = error.params && 'allowedValues' in error.params ? ` (${JSON.stringify(error.params['allowedValues'])})` : '';
  const extra = error.params && 'additionalProperty' in error.params ? ` '${String(error.params['additionalProperty'])}'` : '';
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${extra}${allowed}`;
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
      throw errors.usage(`schema file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof schema !== 'object' || schema === null || (schema as AnySchemaObject)['$id'] !== file) {
      throw errors.usage(`schema file ${path} must be an object whose $id is its file name ("${file}")`);
    }
    schemas.set(file, schema as AnySchemaObject);
  }
  return schemas;
}
