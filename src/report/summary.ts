// summary.json: built from a run's outcome by a pure function, validated against its schema, and the
// source of every report (the end-of-run table here; HTML and comparisons later). Nothing is rendered from
// live state, so a report can be re-rendered from a results directory at any time.
import type { RunSummary } from '../events/types.generated.js';
import { METRICS, PRODUCER_METRICS, summarize, type LatencyRecorder, type Metric } from '../engine/histograms.js';
import type { RunOutcome } from '../engine/run-outcome.js';
import type { RunConfig } from '../config/run-config.js';
import { maskSecrets } from '../config/secrets.js';
import { LOADGEN_VERSION } from '../version.js';
import { targetBetween } from '../engine/pacer.js';
import { WARMUP } from '../engine/segments.js';
import { alignColumns } from './text-table.js';
import type { SlotSet } from '../engine/slot-set.js';
import type { RunCounts } from '../engine/accounting.js';
import { type HostSummary, STEAL_PERCENT, summarizeHost } from '../engine/host-load.js';

export type { RunSummary };

/** What the companion consumer found, decoded from its report; null when it did not run. */
export interface ConsumerOutcome {
  readonly counts: NonNullable<RunSummary['consumer']>;
  /** e2e and e2e_uncorrected per topic. */
  readonly latency: LatencyRecorder;
  /** The slots read per producer id (what loadgen merge unites across instances). */
  readonly receivedSlots?: ReadonlyMap<number, SlotSet>;
}

/** Where a metric was recorded: the producer (publish delay, ack) or the companion consumer (e2e). */
export function recorderFor(metric: Metric, outcome: Pick<RunOutcome, 'latency'>, consumer: ConsumerOutcome | null): LatencyRecorder | undefined {
  return (PRODUCER_METRICS as readonly Metric[]).includes(metric) ? outcome.latency : consumer?.latency;
}

export function buildSummary(config: RunConfig, outcome: RunOutcome, status: RunSummary['status'] = outcome.status, consumer: ConsumerOutcome | null = null): RunSummary {
  const { accounting } = outcome;
  const recorderOf = (metric: Metric) => recorderFor(metric, outcome, consumer);
  const topics: RunSummary['topics'] = {};
  accounting.topics.forEach((counts, index) => {
    const name = accounting.topicName(index);
    if (counts.produced === 0) return;
    const latencyMs: Record<string, ReturnType<typeof summarize>> = {};
    for (const metric of METRICS) {
      const h = recorderOf(metric)?.topics(metric).get(name);
      if (h || (PRODUCER_METRICS as readonly Metric[]).includes(metric)) latencyMs[metric] = h ? summarize(h) : null;
    }
    topics[name] = { produced: counts.produced, acked: counts.acked, failed: counts.failed, bytes: counts.bytes, latency_ms: latencyMs };
  });
  const overall = (metric: Metric) => {
    const recorder = recorderOf(metric);
    return recorder ? summarize(recorder.overall(metric)) : null;
  };
  const sum = (pairs: readonly (readonly (readonly [string, number])[])[]) => pairs.flat().reduce((n, [, c]) => n + c, 0);
  const { schedule } = config;
  const warmupS = schedule.warmup;
  // The warm-up's seconds are on the timeline, but not in the run's figures.
  const saturated = outcome.progress.filter((p) => p.saturated && p.t > warmupS).length;
  const publishDelay = overall('publish_delay');
  const warmAcked = outcome.latency.segment(WARMUP, 'ack').totalCount;
  const measuredS = outcome.durationS - warmupS;
  const host = summarizeHost(outcome.progress.filter((p) => p.t > warmupS).flatMap((p) => (p.host ? [p.host] : [])));
  // One instance of a scaled-out run sends 1/count of the schedule: its targets are its share.
  const share = (target: number | null) => (target === null ? null : round3(target / config.instances.count));
  return {
    run_id: config.runId,
    loadgen_version: LOADGEN_VERSION,
    status,
    started_at: new Date(outcome.startedAtMs).toISOString(),
    config: {
      brokers: config.brokers,
      rate: schedule.kind === 'max' ? 'max' : flatRate(config) ?? 'profile',
      ramp_s: config.profile?.base.kind === 'flat' ? config.profile.base.ramp : 0,
      profile: config.profiled ? (config.profile as unknown as Record<string, unknown>) : null,
      warmup_s: warmupS,
      workers: config.workers,
      duration_s: schedule.duration === Infinity ? null : schedule.duration,
      count: schedule.count === Infinity ? null : schedule.count,
      seed: config.seed,
      scenario: config.scenarioFile ?? null,
      inject_invalid: config.injectInvalid,
      properties: maskSecrets(config.properties),
    },
    target_rate: share(summaryTarget(config, outcome.durationS)),
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
    achieved_rate: round3(measuredS > 0 ? (accounting.acked - warmAcked) / measuredS : 0),
    ...(warmupS > 0 ? { warmup: warmupSummary(warmupS, outcome, consumer) } : {}),
    ...(config.phases.length > 0 ? { phases: phaseSummaries(config, outcome, consumer) } : {}),
    per_second: perSecondRows(accounting, (t) => share(targetBetween(schedule, t, t + 1))),
    cluster: config.cluster.kind === 'mock' ? { kind: 'mock', brokers: config.cluster.brokers } : { kind: 'kafka' },
    ...(config.instances.count > 1 ? { instances: { count: config.instances.count, index: config.instances.index } } : {}),
    latency_ms: { publish_delay: publishDelay, ack: overall('ack'), ack_uncorrected: overall('ack_uncorrected'), e2e: overall('e2e'), e2e_uncorrected: overall('e2e_uncorrected') },
    consumer: consumer ? (config.instances.count > 1 ? sharedConsumerCounts(consumer.counts) : consumer.counts) : null,
    topics,
    generator: {
      saturated: saturated > 0,
      saturated_seconds: saturated,
      stalls: outcome.sender.stalls,
      queue_full: outcome.sender.queueFull,
      max_publish_delay_ms: publishDelay?.max ?? null,
    },
    ...(host === null ? {} : { host }),
  };
}

/**
 * One row per whole second after the start, as far as acks or sends reach: the acks that came in it, the
 * records queued in it, and what the schedule intended in it (`targetOf`: null for --rate max).
 */
function perSecondRows(counts: Pick<RunCounts, 'perSecond' | 'sentPerSecond'>, targetOf: (t: number) => number | null): RunSummary['per_second'] {
  const seconds = Math.max(counts.perSecond.length, counts.sentPerSecond.length);
  return Array.from({ length: seconds }, (_, t) => {
    const row = { t, acked: counts.perSecond[t] ?? 0, sent: counts.sentPerSecond[t] ?? 0 };
    const target = targetOf(t);
    return target === null ? row : { ...row, target };
  });
}

/**
 * One instance's consumer reads a share of the partitions, while its producers wrote to all of them: loss
 * (and what was received though it failed) is only known when loadgen merge puts the instances together.
 */
function sharedConsumerCounts(counts: ConsumerOutcome['counts']): ConsumerOutcome['counts'] {
  const { unexpected: _, ...rest } = counts;
  return { ...rest, lost: null };
}

/**
 * The target rate of the summary: the flat rate asked for (after any ramp), a profile's mean target over
 * the measured part (after the warm-up, to the schedule's end or the run's), null for --rate max.
 */
function summaryTarget(config: RunConfig, durationS: number): number | null {
  const { schedule } = config;
  const flat = flatRate(config);
  if (flat !== null) return flat;
  const end = schedule.duration === Infinity ? durationS : schedule.duration;
  const target = targetBetween(schedule, schedule.warmup, end);
  return target === null ? null : round3(target);
}

/** The rate asked for with --rate (and maybe --ramp), or null when a profile or phases shape it (or --rate max). */
function flatRate(config: RunConfig): number | null {
  const { profile } = config;
  return profile !== null && !config.profiled && config.phases.length === 0 && profile.base.kind === 'flat' ? profile.base.rate : null;
}

function warmupSummary(durationS: number, outcome: RunOutcome, consumer: ConsumerOutcome | null): NonNullable<RunSummary['warmup']> {
  const latency = (metric: Metric) => {
    const recorder = recorderFor(metric, outcome, consumer);
    return recorder ? summarize(recorder.segment(WARMUP, metric)) : null;
  };
  return {
    duration_s: durationS,
    acked: outcome.latency.segment(WARMUP, 'ack').totalCount,
    received: consumer ? consumer.latency.segment(WARMUP, 'e2e').totalCount : null,
    latency_ms: { publish_delay: latency('publish_delay'), ack: latency('ack'), ack_uncorrected: latency('ack_uncorrected'), e2e: latency('e2e'), e2e_uncorrected: latency('e2e_uncorrected') },
  };
}

function phaseSummaries(config: RunConfig, outcome: RunOutcome, consumer: ConsumerOutcome | null): NonNullable<RunSummary['phases']> {
  return config.phases.map((phase, i) => {
    const latency = (metric: Metric) => {
      const recorder = recorderFor(metric, outcome, consumer);
      return recorder ? summarize(recorder.segment(i, metric)) : null;
    };
    return {
      name: phase.name,
      start_s: phase.start,
      duration_s: phase.duration,
      target_rate: round3(targetBetween(config.schedule, phase.start, phase.start + phase.duration) ?? 0),
      profile: phase.profile as unknown as Record<string, unknown>,
      consumer: phase.consumer ? 'running' : 'paused',
      properties: maskSecrets(phase.properties),
      acked: outcome.latency.segment(i, 'ack').totalCount,
      received: consumer ? consumer.latency.segment(i, 'e2e').totalCount : null,
      latency_ms: { publish_delay: latency('publish_delay'), ack: latency('ack'), e2e: latency('e2e') },
    };
  });
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number | undefined) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x < 1000 ? x.toFixed(2) : x.toFixed(0));
type Latency = RunSummary['latency_ms']['ack'];

/** The latency rows: overall for each metric, then each topic's ack and end-to-end. */
export function latencyRows(s: RunSummary): [string, Latency][] {
  const rows: [string, Latency][] = [
    ['publish delay', s.latency_ms.publish_delay],
    ['ack', s.latency_ms.ack],
    ['ack, uncorrected', s.latency_ms.ack_uncorrected],
  ];
  if (s.consumer) rows.push(['end to end', s.latency_ms.e2e], ['end to end, uncorrected', s.latency_ms.e2e_uncorrected]);
  for (const [topic, t] of Object.entries(s.topics)) {
    rows.push([`  ${topic} ack`, (t.latency_ms['ack'] ?? null) as Latency]);
    if (s.consumer) rows.push([`  ${topic} end to end`, (t.latency_ms['e2e'] ?? null) as Latency]);
  }
  return rows;
}

export const PERCENTILE_COLUMNS = [
  ['p50', 'p50'], ['p75', 'p75'], ['p90', 'p90'], ['p99', 'p99'], ['p99.9', 'p999'], ['p99.99', 'p9999'], ['max', 'max'],
] as const;

/** How every report of a run on the mock cluster says what it measured. */
export const MOCK_NOTE = "cluster: librdkafka's mock cluster (N brokers inside loadgen), not Kafka: for trying loadgen and measuring its own cost, not a broker's latency";

/** The end-of-run table (like wrk2 --latency): throughput, errors, integrity, then latency percentiles. */
export function renderSummary(s: RunSummary): string[] {
  const lines: string[] = [];
  const rate = s.target_rate === null ? 'max' : `${n(Math.round(s.target_rate))}/s`;
  const target = s.config.rate === 'profile' ? `a profile averaging ${rate}` : rate;
  const measured = s.warmup ? ' after the warm-up' : '';
  lines.push(`run ${s.run_id}: ${s.status}, ${s.duration_s.toFixed(1)} s, target ${target}, achieved ${n(Math.round(s.achieved_rate))}/s${measured}`);
  if (s.cluster?.kind === 'mock') lines.push(MOCK_NOTE.replace('N', String(s.cluster.brokers ?? '')));
  const e = s.events;
  lines.push(`events: produced ${n(e.produced)}, acked ${n(e.acked)}, failed ${n(e.failed)}, invalid (not sent) ${n(e.invalid)}, injected invalid ${n(e.injected_invalid)}, ${(e.bytes / 1e6).toFixed(1)} MB acked`);
  for (const [reason, count] of Object.entries(s.failures)) lines.push(`  failed: ${n(count)} x ${reason}`);
  if (s.warmup) {
    const w = s.warmup;
    const p99 = (l: Latency) => (l ? `${ms(l.p99)} ms` : '-');
    lines.push(`warm-up: the first ${w.duration_s} s, ${n(w.acked)} events acked${w.received === null ? '' : `, ${n(w.received)} received`} (ack p99 ${p99(w.latency_ms.ack)}${w.received === null ? '' : `, end to end p99 ${p99(w.latency_ms.e2e)}`}); left out of the latencies below`);
  }
  for (const phase of s.phases ?? []) {
    const p99 = (l: Latency) => (l ? `${ms(l.p99)} ms` : '-');
    const end = phase.start_s + phase.duration_s;
    lines.push(`phase ${phase.name} (${phase.start_s}-${end} s, target ${n(Math.round(phase.target_rate))}/s${phase.consumer === 'paused' ? ', consumer paused' : ''}): acked ${n(phase.acked)}` +
      `${phase.received === null ? '' : `, received ${n(phase.received)}`}, ack p99 ${p99(phase.latency_ms.ack)}${phase.received === null ? '' : `, end to end p99 ${p99(phase.latency_ms.e2e)}`}`);
  }
  if (s.generator.saturated) lines.push(`generator saturated: ${s.generator.saturated_seconds} s with publish-delay p99 over 100 ms; the schedule was not kept`);
  if (s.host) lines.push(hostLine(s.host));
  const c = s.consumer;
  if (c) {
    lines.push(`consumer: received ${n(c.received)}, lost ${c.lost === null ? '(counted by loadgen merge: this instance read a share of the partitions)' : n(c.lost)}, duplicates ${n(c.duplicates)}, out of order ${n(c.out_of_order)}` +
      (c.unexpected ? `, received though failed ${n(c.unexpected)}` : '') + (c.negative_latencies ? `, negative latencies ${n(c.negative_latencies)}` : '') +
      (c.drained === false ? ' (NOT drained: the drain timeout passed first)' : ''));
  } else {
    lines.push('consumer: not run (no end-to-end latency or loss check)');
  }
  lines.push('');
  const header = ['latency (ms)', ...PERCENTILE_COLUMNS.map(([label]) => label), 'count'];
  const rows = latencyRows(s).map(([label, l]) => (l ? [label, ...PERCENTILE_COLUMNS.map(([, key]) => ms(l[key])), n(l.count)] : [label, ...PERCENTILE_COLUMNS.map(() => '-'), '0']));
  lines.push(...alignColumns([header, ...rows]));
  return lines;
}

/**
 * The host's line: how busy its CPUs were and what loadgen used, and, when the machine had no CPU to spare
 * or the hypervisor took some, that the latencies include it.
 */
export function hostLine(h: HostSummary): string {
  const cores = Object.entries(h.cores).map(([label, c]) => `${label} ${c.toFixed(2)}`).join(', ');
  const line = `host: ${h.cpus} CPUs ${Math.round(h.busy_percent)}% busy, steal ${h.steal_percent}%${cores ? `; cores used: ${cores}` : ''}`;
  const why = [
    ...(h.no_idle_seconds > 0 ? [`${h.no_idle_seconds} s with no CPU idle`] : []),
    ...(h.steal_seconds > 0 ? [`${h.steal_seconds} s with the hypervisor taking ${STEAL_PERCENT}% or more`] : []),
  ];
  return why.length === 0 ? line : `${line}. ${why.join(', ')}: the latencies include waiting for a CPU`;
}
