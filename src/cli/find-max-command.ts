// `loadgen find-max --slo "e2e.p99<50ms"`: runs `loadgen run` steps (each a child process, so every step
// starts clean) at the rates the search (src/run/find-max.ts) asks for, judges each from its summary.json,
// and reports the highest sustainable rate with the evidence of every step. It stops by itself when the
// search converges or the next step would not fit in --budget; Ctrl-C ends the current step (drained) and
// reports what is known.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, errors } from '../errors.js';
import { parseAssertions } from '../thresholds.js';
import { judge, nextStep, type SearchOptions, type Step } from '../run/find-max.js';
import type { RunSummary } from '../report/summary.js';
import { resolveConnection } from '../config/connection.js';
import { parseDuration, parseFraction, parsePositiveNumber } from '../config/option-values.js';
import { resolveRunConfig } from '../config/run-config.js';
import { FIND_MAX_PASS_THROUGH, argsOf, type RunFlags } from '../config/run-options.js';
import Kafka from 'node-rdkafka';
import { checkProperties } from '../kafka/rdkafka-producer.js';
import { prepareOutputDir, writeResultFile } from '../report/output-dir.js';
import type { Io } from './io.js';
import { startLoadgenChild } from './child-runs.js';


/** find-max's own options, and run's that it passes to every step (FIND_MAX_PASS_THROUGH). */
export interface FindMaxFlags extends RunFlags {
  readonly slo?: unknown;
  readonly startRate?: unknown;
  readonly maxRate?: unknown;
  readonly minRate?: unknown;
  readonly precision?: unknown;
  readonly stepDuration?: unknown;
  readonly budget?: unknown;
}

interface StepRecord extends Step {
  readonly dir: string;
  readonly achieved_rate: number | null;
  readonly publish_delay_p99_ms: number | null;
  readonly e2e_p99_ms: number | null;
  readonly wall_s: number;
}

export async function findMaxCommand(flags: FindMaxFlags, io: Io): Promise<number> {
  const slo = parseAssertions(flags.slo);
  if (slo.length === 0) throw errors.usage('find-max needs at least one --slo, e.g. --slo "e2e.p99<50ms"');
  const options: SearchOptions = {
    startRate: parsePositiveNumber('--start-rate', flags.startRate ?? 1000),
    maxRate: parsePositiveNumber('--max-rate', flags.maxRate ?? 1_000_000),
    minRate: parsePositiveNumber('--min-rate', flags.minRate ?? 100),
    precision: parseFraction('--precision', flags.precision ?? 0.05),
  };
  const stepMs = parseDuration('--step-duration', flags.stepDuration ?? '20s');
  const budgetMs = parseDuration('--budget', flags.budget ?? '10m');
  // The steps' options as run would take them, with find-max's defaults (the same seed for every step, a
  // warm-up before each step's measured part, the connection resolved once); checked here, so a bad one is
  // exit 2 before the first step, not in it.
  const passed: Record<string, unknown> = {};
  for (const option of FIND_MAX_PASS_THROUGH) {
    const value = (flags as Record<string, unknown>)[option.key] ?? option.findMaxDefault;
    if (value !== undefined) passed[option.key] = value;
  }
  const connection = resolveConnection(flags, io.env);
  const stepFlags: RunFlags = { ...passed, brokers: connection.brokers, connectTimeout: `${connection.timeoutMs}ms` };
  // A step is its warm-up, then --step-duration measured.
  const warmupMs = passed['warmup'] === undefined ? 0 : parseDuration('--warmup', passed['warmup']);
  const runMs = warmupMs + stepMs;
  const checked = resolveRunConfig({ ...stepFlags, rate: String(options.startRate), duration: `${runMs}ms` }, { env: io.env, nowMs: io.now(), randomU32: () => 0 });
  checkProperties(Kafka, checked.userProperties);
  if (flags.out !== undefined && (typeof flags.out !== 'string' || flags.out === '')) throw errors.invalidOption('--out', flags.out, 'a directory');
  const out = typeof flags.out === 'string' ? flags.out : `results/find-max-${new Date(io.now()).toISOString().replace(/[:.]/g, '-')}`;
  const stepArgs = argsOf(FIND_MAX_PASS_THROUGH, stepFlags);
  prepareOutputDir(out, '--out');

  let interrupted = false;
  const unsubscribe = io.onSignal(() => (interrupted = true));
  const started = io.now();
  const steps: StepRecord[] = [];
  io.err(`loadgen: find-max: ${slo.map((a) => a.text).join(', ')}; steps of ${stepMs / 1000} s${warmupMs > 0 ? ` after a ${warmupMs / 1000} s warm-up` : ''} from ${options.startRate}/s, within ${budgetMs / 1000} s`);
  let result: { best: number | null; why: string };
  try {
    for (;;) {
      const next = nextStep(steps, options);
      if (next.kind === 'done') {
        result = next;
        break;
      }
      // A step costs its duration plus start-up and drain; the slowest so far is the estimate.
      const cost = Math.max(runMs * 1.5 + 10_000, ...steps.map((s) => s.wall_s * 1000));
      if (interrupted || io.now() - started + cost > budgetMs) {
        const best = Math.max(0, ...steps.filter((s) => s.passed).map((s) => s.rate));
        result = { best: best || null, why: interrupted ? 'interrupted' : `time budget: the next step (${next.rate}/s) would end after --budget` };
        break;
      }
      const dir = join(out, `step-${String(steps.length + 1).padStart(2, '0')}-${next.rate}`);
      const stepStart = io.now();
      const code = await runStep([
        'run', '--rate', String(next.rate), '--duration', `${runMs}ms`, '--quiet', '--out', dir, ...stepArgs,
      ]);
      if (code !== 0) throw errors.kafka(`find-max step at ${next.rate}/s`, `loadgen run exited with ${code}; see ${dir}`);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
      const record: StepRecord = {
        rate: next.rate, ...judge(summary, slo), dir, wall_s: (io.now() - stepStart) / 1000,
        achieved_rate: summary.achieved_rate, publish_delay_p99_ms: summary.latency_ms.publish_delay?.p99 ?? null, e2e_p99_ms: summary.latency_ms.e2e?.p99 ?? null,
      };
      steps.push(record);
      io.out(formatStep(steps.length, record));
    }
  } finally {
    unsubscribe();
  }
  writeResultFile(join(out, 'find-max.json'), `${JSON.stringify({ slo: slo.map((a) => a.text), options, step_duration_s: stepMs / 1000, warmup_s: warmupMs / 1000, ...result, steps }, null, 2)}\n`);
  io.out(result.best === null ? `no sustainable rate found (${result.why})` : `max sustainable rate: ${result.best.toLocaleString('en-US')}/s (${result.why})`);
  io.out(`results: ${out}`);
  return result.best === null ? ExitCode.thresholds : ExitCode.ok;
}

function formatStep(n: number, s: StepRecord): string {
  const ms = (x: number | null) => (x === null ? '-' : `${x} ms`);
  return `step ${n}: ${s.rate.toLocaleString('en-US')}/s  achieved ${Math.round(s.achieved_rate ?? 0).toLocaleString('en-US')}/s  publish-delay p99 ${ms(s.publish_delay_p99_ms)}  e2e p99 ${ms(s.e2e_p99_ms)}  ${s.passed ? 'pass' : `FAIL: ${s.reasons.join('; ')}`}`;
}

function runStep(args: string[]): Promise<number | null> {
  return startLoadgenChild(args).done;
}
