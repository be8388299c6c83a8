// Thresholds over a run's summary (`--assert`, like k6's thresholds): parsed before the run starts (a typo is
// exit 2 with nothing sent) and evaluated against summary.json after it (a failure is exit 99).
//
//   assertion := term op term         op: < <= > >= == !=
//   term      := number [unit]        a constant; unit ms, s or us for latencies (which are in ms), % for
//              | [number '*'] field   fractions (95% = 0.95); e.g. 0.98*target_rate
//   field     := a summary path       achieved_rate, target_rate, duration_s, events.failed, consumer.lost,
//                                     generator.saturated_seconds, host.steal_percent, latency_ms.e2e.p99 ...
//                                     and the short form
//                                     <metric>.<stat>: e2e.p99, ack.p99.9, publish_delay.max, e2e.count
// A field with no value in the summary (e2e without the consumer) fails its assertion, saying so.
import { errors } from './errors.js';
import { METRICS } from './engine/histograms.js';

/**
 * What assertions read: a run's summary as data (summary.json's shape, src/report/summary.ts). Walked by
 * path, so this module needs no summary type: the run configuration parses assertions, and the summary
 * depends on the run configuration, not the other way round.
 */
export type SummaryData = object;

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Term = { readonly kind: 'constant'; readonly value: number } | { readonly kind: 'field'; readonly path: readonly string[]; readonly factor: number };

export interface Assertion {
  readonly text: string;
  readonly left: Term;
  readonly op: Operator;
  readonly right: Term;
}

export type AssertionResult =
  | { readonly status: 'passed' | 'failed'; readonly assertion: Assertion; readonly left: number; readonly right: number }
  | { readonly status: 'no-value'; readonly assertion: Assertion; readonly missing: string };

const SCALARS = ['achieved_rate', 'target_rate', 'duration_s'];
const GROUPS: Record<string, readonly string[]> = {
  events: ['produced', 'acked', 'failed', 'invalid', 'injected_invalid', 'bytes'],
  consumer: ['received', 'lost', 'duplicates', 'out_of_order', 'unexpected', 'foreign', 'negative_latencies'],
  generator: ['saturated_seconds', 'stalls', 'queue_full', 'max_publish_delay_ms'],
  host: ['busy_percent', 'steal_percent', 'no_idle_seconds', 'steal_seconds'],
};
const STATS: Record<string, string> = { p50: 'p50', p75: 'p75', p90: 'p90', p99: 'p99', 'p99.9': 'p999', p999: 'p999', 'p99.99': 'p9999', p9999: 'p9999', max: 'max', count: 'count' };
const UNITS: Record<string, number> = { ms: 1, s: 1000, us: 0.001, '%': 0.01 };
const OPERATOR = /(<=|>=|==|!=|<|>)/;

/** The canonical path of a field, or undefined if the summary has no such number. */
function fieldPath(name: string): string[] | undefined {
  if (SCALARS.includes(name)) return [name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const [head, rest] = [name.slice(0, dot), name.slice(dot + 1)];
  if (GROUPS[head]?.includes(rest)) return [head, rest];
  const latency = head === 'latency_ms' ? rest : name;
  const split = latency.indexOf('.');
  const metric = latency.slice(0, split);
  const stat = STATS[latency.slice(split + 1)];
  if (split > 0 && (METRICS as readonly string[]).includes(metric) && stat) return ['latency_ms', metric, stat];
  return undefined;
}

function parseTerm(raw: string, text: string): Term {
  const term = raw.trim();
  const constant = /^(-?\d+(?:\.\d+)?)(ms|s|us|%)?$/.exec(term);
  if (constant) return { kind: 'constant', value: Number(constant[1]) * (UNITS[constant[2] ?? 'ms'] ?? 1) };
  const scaled = /^(?:(\d+(?:\.\d+)?)\s*\*\s*)?([a-z_][a-z0-9_.]*)$/.exec(term);
  const path = scaled?.[2] === undefined ? undefined : fieldPath(scaled[2]);
  if (!scaled || !path) {
    throw errors.usage(`--assert ${JSON.stringify(text)}: unknown field or value '${term}' (e.g. achieved_rate, 0.98*target_rate, events.failed, consumer.lost, e2e.p99, 500ms)`);
  }
  return { kind: 'field', path, factor: scaled[1] === undefined ? 1 : Number(scaled[1]) };
}

export function parseAssertion(text: string): Assertion {
  const parts = text.split(OPERATOR);
  if (parts.length !== 3) throw errors.usage(`--assert ${JSON.stringify(text)}: expected <field> <op> <value> with one of < <= > >= == != (e.g. "e2e.p99<500ms")`);
  const [left, op, right] = parts as [string, Operator, string];
  return { text, left: parseTerm(left, text), op, right: parseTerm(right, text) };
}

/** --assert as cac gives it: undefined, one string or several. */
export function parseAssertions(raw: unknown): Assertion[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    if (typeof item !== 'string' || item.trim() === '') throw errors.invalidOption('--assert', item, 'an assertion such as "consumer.lost==0"');
    return parseAssertion(item);
  });
}

function termValue(term: Term, summary: SummaryData): number | string {
  if (term.kind === 'constant') return term.value;
  let node: unknown = summary;
  for (const key of term.path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'number' ? node * term.factor : term.path.join('.');
}

const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
};

export function evaluate(assertion: Assertion, summary: SummaryData): AssertionResult {
  const left = termValue(assertion.left, summary);
  const right = termValue(assertion.right, summary);
  if (typeof left === 'string') return { status: 'no-value', assertion, missing: left };
  if (typeof right === 'string') return { status: 'no-value', assertion, missing: right };
  return { status: COMPARE[assertion.op](left, right) ? 'passed' : 'failed', assertion, left, right };
}

const show = (x: number) => String(Math.round(x * 1000) / 1000);

/** One line per assertion: what was measured, against what, and the verdict. */
export function formatResult(r: AssertionResult): string {
  if (r.status === 'no-value') return `assert ${r.assertion.text}: FAILED (the summary has no ${r.missing}${r.missing.startsWith('latency_ms.e2e') || r.missing.startsWith('consumer') ? '; did the consumer run?' : ''})`;
  return `assert ${r.assertion.text}: ${show(r.left)} ${r.assertion.op} ${show(r.right)} ${r.status === 'passed' ? 'ok' : 'FAILED'}`;
}
