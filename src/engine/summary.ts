// summary.json: built from a run's outcome by a pure function, validated against its schema, and the
// source of every report (the end-of-run table here; HTML and comparisons later). Nothing is rendered from
// live state, so a report can be re-rendered from a results directory at any time.
import type { RunSummary } from '../events/types.generated.js';
import { METRICS, summarize, type Metric } from './histograms.js';
import type { RunOutcome } from './load-run.js';
import { maskSecrets, type RunConfig } from './run-config.js';

export type { RunSummary };

export const LOADGEN_VERSION = '0.1.0';

export function buildSummary(config: RunConfig, outcome: RunOutcome, status: RunSummary['status'] = outcome.status): RunSummary {
  const { accounting, latency } = outcome;
  const topics: RunSummary['topics'] = {};
  accounting.topics.forEach((counts, index) => {
    const name = accounting.topicName(index);
    if (counts.produced === 0) return;
    const latencyMs: Record<string, ReturnType<typeof summarize>> = {};
    for (const metric of METRICS) {
      const h = latency.topics(metric).get(name);
      latencyMs[metric] = h ? summarize(h) : null;
    }
    topics[name] = { produced: counts.produced, acked: counts.acked, failed: counts.failed, bytes: counts.bytes, latency_ms: latencyMs };
  });
  const overall = (metric: Metric) => summarize(latency.overall(metric));
  const sum = (pairs: readonly (readonly (readonly [string, number])[])[]) => pairs.flat().reduce((n, [, c]) => n + c, 0);
  const saturated = outcome.progress.filter((p) => p.saturated).length;
  const publishDelay = overall('publish_delay');
  return {
    run_id: config.runId,
    loadgen_version: LOADGEN_VERSION,
    status,
    started_at: new Date(outcome.startedAtMs).toISOString(),
    config: {
      brokers: config.brokers,
      rate: config.schedule.rate === Infinity ? 'max' : config.schedule.rate,
      ramp_s: config.schedule.ramp,
      workers: config.workers,
      duration_s: config.schedule.duration === Infinity ? null : config.schedule.duration,
      count: config.schedule.count === Infinity ? null : config.schedule.count,
      seed: config.seed,
      scenario: config.scenarioFile ?? null,
      inject_invalid: config.injectInvalid,
      properties: maskSecrets(config.properties),
    },
    target_rate: config.schedule.rate === Infinity ? null : config.schedule.rate,
    duration_s: round3(outcome.durationS),
    events: {
      produced: accounting.produced,
      acked: accounting.acked,
      failed: accounting.failed,
      invalid: sum(outcome.generators.map((g) => g.invalid)),
      injected_invalid: sum(outcome.generators.map((g) => g.injected)),
      bytes: accounting.bytes,
    },
    failures: Object.fromEntries(accounting.failures),
    achieved_rate: round3(accounting.acked / outcome.durationS),
    per_second: accounting.perSecond.map((acked, t) => ({ t, acked })),
    latency_ms: { publish_delay: publishDelay, ack: overall('ack'), ack_uncorrected: overall('ack_uncorrected'), e2e: null, e2e_uncorrected: null },
    consumer: null,
    topics,
    generator: {
      saturated: saturated > 0,
      saturated_seconds: saturated,
      stalls: outcome.sender.stalls,
      queue_full: outcome.sender.queueFull,
      max_publish_delay_ms: publishDelay?.max ?? null,
    },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number | undefined) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(2) : x.toFixed(0));

/** The end-of-run table (like wrk2 --latency): throughput, errors, then latency percentiles. */
export function renderSummary(s: RunSummary): string[] {
  const lines: string[] = [];
  const target = s.target_rate === null ? 'max' : `${n(s.target_rate)}/s`;
  lines.push(`run ${s.run_id}: ${s.status}, ${s.duration_s.toFixed(1)} s, target ${target}, achieved ${n(Math.round(s.achieved_rate))}/s`);
  const e = s.events;
  lines.push(`events: produced ${n(e.produced)}, acked ${n(e.acked)}, failed ${n(e.failed)}, invalid (not sent) ${n(e.invalid)}, injected invalid ${n(e.injected_invalid)}, ${(e.bytes / 1e6).toFixed(1)} MB acked`);
  for (const [reason, count] of Object.entries(s.failures)) lines.push(`  failed: ${n(count)} x ${reason}`);
  if (s.generator.saturated) lines.push(`generator saturated: ${s.generator.saturated_seconds} s with publish-delay p99 over 100 ms; the schedule was not kept`);
  lines.push('');
  const header = ['latency (ms)', 'p50', 'p90', 'p99', 'p99.9', 'max', 'count'];
  const rows: string[][] = [header];
  const row = (label: string, l: RunSummary['latency_ms']['ack']) => rows.push(l ? [label, ms(l.p50), ms(l.p90), ms(l.p99), ms(l.p999), ms(l.max), n(l.count)] : [label, '-', '-', '-', '-', '-', '0']);
  row('publish delay', s.latency_ms.publish_delay);
  row('ack', s.latency_ms.ack);
  row('ack, uncorrected', s.latency_ms.ack_uncorrected);
  if (s.latency_ms.e2e) row('end to end', s.latency_ms.e2e);
  if (s.latency_ms.e2e_uncorrected) row('end to end, uncorrected', s.latency_ms.e2e_uncorrected);
  for (const [topic, t] of Object.entries(s.topics)) row(`  ${topic} ack`, (t.latency_ms['ack'] ?? null) as RunSummary['latency_ms']['ack']);
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) lines.push(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  return lines;
}
