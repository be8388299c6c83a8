// The maximum sustainable rate: the highest rate at which a run keeps its schedule (publish delay bounded:
// no second with publish-delay p99 over 100 ms, at least 98% of the target acked, nothing failed) and meets
// the latency objective (--slo assertions, on corrected latency). A pure search over the steps run so far:
// double from the start rate until a step fails, then bisect between the best pass and the lowest failure
// until they are within the precision. Tested against a simulated system, no broker or clock.
import { evaluate, formatResult, type Assertion } from '../thresholds.js';
import type { RunSummary } from '../report/summary.js';

export interface Verdict {
  readonly passed: boolean;
  /** Why it failed (each broken condition), empty when it passed. */
  readonly reasons: readonly string[];
}

export interface Step extends Verdict {
  readonly rate: number;
}

export interface SearchOptions {
  readonly startRate: number;
  /** Never try above this. */
  readonly maxRate: number;
  /** Give up below this. */
  readonly minRate: number;
  /** Stop when the lowest failure is within this fraction above the best pass (0.05: 5%). */
  readonly precision: number;
}

export type Next =
  | { readonly kind: 'run'; readonly rate: number }
  | { readonly kind: 'done'; readonly best: number | null; readonly why: string };

/** The least fraction of the target that must be acked for a step to count as keeping its rate. */
export const MIN_ACHIEVED = 0.98;

export function judge(summary: RunSummary, slo: readonly Assertion[]): Verdict {
  const reasons: string[] = [];
  const target = summary.target_rate ?? 0;
  if (summary.achieved_rate < MIN_ACHIEVED * target) reasons.push(`achieved ${Math.round(summary.achieved_rate)}/s < ${MIN_ACHIEVED * 100}% of ${target}/s`);
  if (summary.generator.saturated) reasons.push(`publish delay unbounded: ${summary.generator.saturated_seconds} s with p99 over 100 ms`);
  if (summary.events.failed > 0) reasons.push(`${summary.events.failed} events failed`);
  if (summary.consumer && (summary.consumer.lost ?? 0) > 0) reasons.push(`${summary.consumer.lost} events lost`);
  for (const assertion of slo) {
    const result = evaluate(assertion, summary);
    if (result.status !== 'passed') reasons.push(formatResult(result).replace(/^assert /, ''));
  }
  return { passed: reasons.length === 0, reasons };
}

/** Three significant digits: rates people can read and type again. */
function tidy(rate: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rate)) - 2);
  return Math.round(rate / magnitude) * magnitude;
}

export function nextStep(history: readonly Step[], options: SearchOptions): Next {
  if (history.length === 0) return { kind: 'run', rate: tidy(Math.min(options.startRate, options.maxRate)) };
  const best = Math.max(0, ...history.filter((s) => s.passed).map((s) => s.rate));
  const lowestFailure = Math.min(Infinity, ...history.filter((s) => !s.passed && s.rate > best).map((s) => s.rate));
  if (lowestFailure === Infinity) {
    if (best >= options.maxRate) return { kind: 'done', best, why: `passed at --max-rate ${options.maxRate}/s` };
    return { kind: 'run', rate: tidy(Math.min(best * 2, options.maxRate)) };
  }
  if (best === 0) {
    const lower = tidy(lowestFailure / 2);
    if (lower < options.minRate) return { kind: 'done', best: null, why: `failed down to ${lowestFailure}/s (--min-rate ${options.minRate}/s)` };
    return { kind: 'run', rate: lower };
  }
  const middle = tidy((best + lowestFailure) / 2);
  if (lowestFailure / best - 1 <= options.precision || middle <= best || middle >= lowestFailure) {
    return { kind: 'done', best, why: `passed at ${best}/s, failed at ${lowestFailure}/s` };
  }
  return { kind: 'run', rate: middle };
}
