// The simulator's parameters. DEFAULT_SCENARIO reproduces the published statistics of the REES46
// multi-category store log (October 2019); a scenario file overrides any subset and is checked against
// schemas/scenario.schema.json, so a wrong field is a one-line error naming the file and the field.
import { readFileSync } from 'node:fs';
import { describe, errors } from '../errors.js';
import type { SchemaRegistry } from '../events/schema-registry.js';
import type { Scenario } from '../events/types.generated.js';

export type { Scenario };

export const DEFAULT_SCENARIO: Scenario = deepFreeze({
  catalog: {
    products: 166_794,
    categories: 624,
    brands: 3_400,
    popularity_exponent: 0.88,
    price_median: 163,
    price_p90: 743,
    price_max: 2_600,
    bucket_seconds: 60,
    change_period_minutes: [60, 1_440],
    sale_probability: 0.3,
    delist_probability: 0.01,
  },
  sessions: {
    // Fitted so that the mixture gives REES46's 35.4% one-event sessions, length p50 2, p75 5, p90 11, p95 16,
    // p99 32 and mean 4.59, while the aggregate exit rate after a view stays 21.7%: first by least squares on
    // a mixture of geometric lengths, then the browse and research hazards scaled by 0.94 in simulation to
    // allow for the lower exit rate after cart adds.
    intents: [
      { name: 'glance', weight: 0.5412, view_exit: 0.5394 },
      { name: 'browse', weight: 0.4331, view_exit: 0.1382 },
      { name: 'research', weight: 0.0256, view_exit: 0.0376 },
    ],
    transitions: {
      view: { view: 75.4, cart: 1.82, purchase: 1.05, exit: 21.73 },
      cart: { view: 36.28, cart: 19.42, purchase: 33.72, exit: 10.57 },
      purchase: { view: 60.37, cart: 0.31, purchase: 0.12, exit: 39.2 },
    },
    cart_removals_per_add: 0.685,
    revisit_probability: 0.15,
    concurrency: 10_000,
  },
  users: {
    single_session_share: 0.488,
    mean_sessions: 3.06,
    tail_exponent: 2.5,
    returning_pool: 50_000,
  },
});

/** Defaults overlaid with `overrides` (objects merge, arrays and values replace), validated, frozen. */
export function resolveScenario(overrides: unknown, registry: SchemaRegistry, source = 'scenario'): Scenario {
  if (overrides !== undefined && !isPlainObject(overrides)) throw errors.usage(`${source}: must be a JSON object`);
  const merged = merge(DEFAULT_SCENARIO, overrides ?? {});
  const problem = registry.validateScenario(merged) ?? crossCheck(merged as Scenario);
  if (problem) throw errors.usage(`${source}: ${problem}`);
  return deepFreeze(merged as Scenario);
}

/** Reads and resolves a scenario file; every failure names the file. */
export function loadScenarioFile(path: string, registry: SchemaRegistry): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw errors.usage(`--scenario: cannot read ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw errors.usage(`--scenario: ${path} is not valid JSON (${describe(err)})`);
  }
  return resolveScenario(parsed, registry, `--scenario ${path}`);
}

/** Constraints between fields that a JSON Schema cannot state. */
function crossCheck(s: Scenario): string | null {
  const [lo, hi] = s.catalog.change_period_minutes;
  if (lo > hi) return '/catalog/change_period_minutes must be [min, max] with min <= max';
  if (!(s.catalog.price_median < s.catalog.price_p90)) return '/catalog/price_p90 must be above price_median';
  if (!(s.catalog.price_median < s.catalog.price_max)) return '/catalog/price_max must be above price_median';
  if (s.catalog.change_period_minutes[0] * 60 < s.catalog.bucket_seconds) return '/catalog/change_period_minutes must be at least one bucket';
  for (const [name, row] of Object.entries(s.sessions.transitions)) {
    if (row.view + row.cart + row.purchase + row.exit <= 0) return `/sessions/transitions/${name} must not be all zero`;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? structuredClone(base) : structuredClone(override);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? merge(base[key], value) : structuredClone(value);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
