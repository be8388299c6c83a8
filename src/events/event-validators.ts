// The event validators a generator or producer thread uses: ajv's standalone code, generated once by the
// coordinator from the run's schemas (schema-registry.ts, eventValidatorsCode) and loaded here as a module.
//
// Why not compile in each thread: ajv itself and compiling the schemas cost each thread about 20 MB of
// memory and a third of a second of CPU at start (measured: +9 MB to import ajv, +13 MB to compile), eight
// times over with --workers 8. The standalone code is the same validation ajv compiles (same schemas, same
// options), as plain functions; it needs only ajv's small runtime helpers, resolved from this package.
import { createRequire } from 'node:module';
import type { EventType } from './event-types.js';

/** What validates events: the SchemaRegistry in the coordinator, these functions in the threads. */
export interface EventValidator {
  /** Returns null when valid, else the first violation as "path message", e.g. "/price must be >= 0". */
  validateEvent(type: EventType, event: unknown): string | null;
}

/** An ajv validate function as far as firstError needs it. */
export interface ValidateFunctionLike {
  (value: unknown): boolean;
  errors?: readonly { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null;
}

/** The validator's first error as one line (what is counted per reason, and what --inject-invalid reports). */
export function firstError(validate: ValidateFunctionLike | undefined, value: unknown): string | null {
  if (!validate) return 'no validator';
  if (validate(value)) return null;
  const error = validate.errors?.[0];
  if (!error) return 'invalid';
  const allowed = error.params && 'allowedValues' in error.params ? ` (${JSON.stringify(error.params['allowedValues'])})` : '';
  const extra = error.params && 'additionalProperty' in error.params ? ` '${String(error.params['additionalProperty'])}'` : '';
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${extra}${allowed}`;
}

const requireFromHere = createRequire(import.meta.url);

/** Loads what eventValidatorsCode() generated: a CommonJS module exporting one validate function per event type. */
export function loadEventValidators(code: string): EventValidator {
  const module = { exports: {} as Record<string, ValidateFunctionLike | undefined> };
  // The code is ajv's output for this package's own schemas (or --schemas), generated in this process.
  new Function('require', 'module', 'exports', code)(requireFromHere, module, module.exports);
  const validators = module.exports;
  return { validateEvent: (type, event) => firstError(validators[type], event) };
}
