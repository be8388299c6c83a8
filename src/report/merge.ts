// `loadgen merge`: the results directories of a scaled-out run's instances (src/config/instances.ts) as one
// results directory that `loadgen report` reads like any other. Counts are summed, histograms added (as
// compressed encodings, never samples), interval logs aligned on the run's whole seconds (every instance
// shares --start-at) and added, and integrity united: the slots each instance acked and read (slots.json)
// give the run's loss, which no instance could see alone (its consumer read a share of the partitions).
// Pure over what was read (mergeInstances), so it is tested without files; readInstance and writeMerged do
// the I/O.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, errors } from '../errors.js';
import { LatencyRecorder, METRICS, PRODUCER_METRICS, decode, newHistogram, summarize, type Histogram, type Metric } from '../engine/histograms.js';
import { IntervalLog, type LoggedInterval } from '../engine/interval-log.js';
import type { ProgressSample } from '../engine/monitor.js';
import { type EncodedSlotSet, SlotSet, decodeSlotSets, encodeSlotSets, missingAcross } from '../engine/slot-set.js';
import type { SchemaRegistry } from '../events/schema-registry.js';
import { loadResults } from './results-dir.js';
import { PROGRESS_FILE, SLOTS_FILE, writeHistograms } from './results-writer.js';
import { ensureResultsDir, writeResultFile } from './output-dir.js';
import type { RunSummary } from './summary.js';

type Encoded = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One results directory as read: everything a merge needs. */
export interface InstanceResults {
  readonly dir: string;
  readonly summary: RunSummary;
  /** metric -> topic -> compressed histogram (histograms.json). */
  readonly histograms: Encoded;
  /** segment -> metric -> compressed histogram (histograms.json's warm-up and phases). */
  readonly segments: Encoded;
  /** metric -> its .hlog's untagged intervals. */
  readonly logs: Readonly<Record<Metric, readonly LoggedInterval[]>>;
  readonly progress: readonly ProgressSample[];
  /** slots.json: acked and read per producer id; null for a run of one instance. */
  readonly slots: { readonly acked: Map<number, SlotSet>; readonly received: Map<number, SlotSet> | null } | null;
}

export interface MergedResults {
  readonly summary: RunSummary;
  readonly histograms: Record<string, Record<string, string>>;
  readonly segments: Record<string, Record<string, string>>;
  /** metric -> one interval per whole second of the run that has any. */
  readonly logs: Record<Metric, { startS: number; endS: number; histogram: Histogram }[]>;
  readonly progress: ProgressSample[];
  readonly slots: { acked: Map<number, SlotSet>; received: Map<number, SlotSet> | null } | null;
}

export function readInstance(dir: string, registry: SchemaRegistry): InstanceResults {
  const results = loadResults(dir, registry);
  // loadResults has read histograms.json already, if it is there (an older run may lack it).
  const histogramsPath = join(dir, 'histograms.json');
  const file = existsSync(histogramsPath) ? (JSON.parse(readFileSync(histogramsPath, 'utf8')) as { histograms?: Encoded; segments?: Encoded }) : {};
  const slotsPath = join(dir, SLOTS_FILE);
  let slots: InstanceResults['slots'] = null;
  if (existsSync(slotsPath)) {
    type Raw = Record<string, EncodedSlotSet | string>;
    try {
      const raw = JSON.parse(readFileSync(slotsPath, 'utf8')) as { acked: Raw; received: Raw | null };
      slots = { acked: decodeSlotSets(raw.acked), received: raw.received ? decodeSlotSets(raw.received) : null };
    } catch (err) {
      throw errors.usage(`${slotsPath}: not a loadgen slots file (${describe(err)})`);
    }
  } else if (results.summary.instances) {
    throw errors.usage(`${slotsPath}: missing (every instance writes one; without it the run's loss cannot be counted)`);
  }
  return { dir, summary: results.summary, histograms: file.histograms ?? {}, segments: file.segments ?? {}, logs: results.intervals, progress: results.progress, slots };
}

/** The run's figures from all its instances (in any order: the result is the same). */
export function mergeInstances(parts: readonly InstanceResults[]): MergedResults {
  checkAgreement(parts);
  const sorted = [...parts].sort((a, b) => (a.summary.instances?.index ?? 0) - (b.summary.instances?.index ?? 0));
  const first = sorted[0] as InstanceResults;
  // The run's histograms: every instance's added, as a run's threads' are (LatencyRecorder).
  const recorder = new LatencyRecorder(METRICS);
  for (const p of sorted) {
    recorder.absorbEncoded(p.histograms);
    recorder.absorbSegments(p.segments);
  }
  const histograms = recorder.encodedMetrics();
  const segments = recorder.encodedSegments();
  const slots = unite(sorted);
  return { summary: mergeSummaries(sorted.map((p) => p.summary), histograms, segments, slots), histograms, segments, logs: mergeLogs(sorted), progress: mergeProgress(sorted), slots: first.summary.instances ? slots : null };
}

/** Writes the merged results directory (summary.json, histograms.json, .hlog files, progress, slots). */
export function writeMerged(out: string, merged: MergedResults): void {
  ensureResultsDir(out);
  writeResultFile(join(out, 'summary.json'), `${JSON.stringify(merged.summary, null, 2)}\n`);
  writeHistograms(out, merged.histograms, merged.segments);
  const baseMs = Date.parse(merged.summary.started_at);
  for (const metric of METRICS) {
    if (merged.logs[metric].length === 0) continue;
    const log = new IntervalLog(baseMs);
    for (const i of merged.logs[metric]) log.add(i.histogram, baseMs + i.startS * 1000, baseMs + i.endS * 1000);
    writeResultFile(join(out, `${metric}.hlog`), log.render(`loadgen ${metric}, merged from ${merged.summary.instances?.count ?? 1} instance(s), microseconds`));
  }
  writeResultFile(join(out, PROGRESS_FILE), merged.progress.map((p) => JSON.stringify(p)).join('\n') + (merged.progress.length ? '\n' : ''));
  if (merged.slots) writeResultFile(join(out, SLOTS_FILE), `${JSON.stringify({ acked: encodeSlotSets(merged.slots.acked), received: merged.slots.received ? encodeSlotSets(merged.slots.received) : null })}\n`);
}

/** Instances of one run only, each once, all of them: anything else is refused (exit 2). */
function checkAgreement(parts: readonly InstanceResults[]): void {
  const first = parts[0];
  if (!first) throw errors.usage('merge: no results directories given');
  const key = (s: RunSummary) => JSON.stringify({ run: s.run_id, seed: s.config.seed, rate: s.config.rate, profile: s.config.profile ?? null, duration: s.config.duration_s, count: s.config.count, warmup: s.config.warmup_s ?? 0, workers: s.config.workers, instances: s.instances?.count ?? 1, started: s.started_at });
  for (const p of parts) {
    if (key(p.summary) === key(first.summary)) continue;
    const [a, b] = [first.summary, p.summary];
    const what = a.run_id !== b.run_id ? `run id ${b.run_id}, not ${a.run_id}` : a.config.seed !== b.config.seed ? `seed ${b.config.seed}, not ${a.config.seed}` : a.started_at !== b.started_at ? `start ${b.started_at}, not ${a.started_at}` : (a.instances?.count ?? 1) !== (b.instances?.count ?? 1) ? `${b.instances?.count ?? 1} instances, not ${a.instances?.count ?? 1}` : 'another schedule (rate, profile, duration, count, warm-up or workers)';
    throw errors.usage(`merge: ${p.dir} is not an instance of the run in ${first.dir}: ${what}`);
  }
  const count = first.summary.instances?.count ?? 1;
  if (count === 1 && parts.length > 1) throw errors.usage(`merge: ${first.dir} is a run of one instance: there is nothing to merge it with`);
  const seen = new Map<number, string>();
  for (const p of parts) {
    const index = p.summary.instances?.index ?? 0;
    if (index === null) throw errors.usage(`merge: ${p.dir} is already a merge`);
    const other = seen.get(index);
    if (other !== undefined) throw errors.usage(`merge: ${p.dir} and ${other} are both instance ${index}`);
    seen.set(index, p.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw errors.usage(`merge: instance(s) ${missing.join(', ')} of ${count} missing: the run's loss needs every instance`);
}

/** Every instance's slots, acked and read, per producer id (read: null when some instance has none). */
function unite(parts: readonly InstanceResults[]): { acked: Map<number, SlotSet>; received: Map<number, SlotSet> | null } {
  const into = (sets: Map<number, SlotSet>, from: ReadonlyMap<number, SlotSet>) => {
    for (const [producer, set] of from) {
      const mine = sets.get(producer) ?? new SlotSet();
      mine.merge(set);
      sets.set(producer, mine);
    }
  };
  const acked = new Map<number, SlotSet>();
  const received = new Map<number, SlotSet>();
  for (const p of parts) {
    into(acked, p.slots?.acked ?? new Map());
    into(received, p.slots?.received ?? new Map());
  }
  return { acked, received: parts.every((p) => p.slots?.received) ? received : null };
}

/** Intervals on the run's whole seconds: each instance's interval counts in the second it ended nearest to. */
function mergeLogs(parts: readonly InstanceResults[]): MergedResults['logs'] {
  const logs = {} as MergedResults['logs'];
  for (const metric of METRICS) {
    const bySecond = new Map<number, Histogram>();
    for (const p of parts) {
      for (const i of p.logs[metric]) {
        const second = Math.max(1, Math.round(i.endS));
        const h = bySecond.get(second) ?? newHistogram();
        h.add(i.histogram);
        bySecond.set(second, h);
      }
    }
    logs[metric] = [...bySecond].sort(([a], [b]) => a - b).map(([second, histogram]) => ({ startS: second - 1, endS: second, histogram }));
  }
  return logs;
}

function mergeProgress(parts: readonly InstanceResults[]): ProgressSample[] {
  const byT = new Map<number, ProgressSample[]>();
  for (const p of parts) for (const s of p.progress) byT.set(s.t, [...(byT.get(s.t) ?? []), s]);
  const sum = (samples: ProgressSample[], f: (s: ProgressSample) => number) => samples.reduce((n, s) => n + f(s), 0);
  const worst = (samples: ProgressSample[], f: (s: ProgressSample) => number | null) => samples.reduce<number | null>((m, s) => (f(s) === null ? m : Math.max(m ?? 0, f(s) as number)), null);
  return [...byT].sort(([a], [b]) => a - b).map(([t, samples]) => ({
    t,
    targetRate: samples.every((s) => s.targetRate === null) ? null : sum(samples, (s) => s.targetRate ?? 0),
    ackedRate: sum(samples, (s) => s.ackedRate),
    acked: sum(samples, (s) => s.acked),
    failed: sum(samples, (s) => s.failed),
    inFlight: sum(samples, (s) => s.inFlight),
    // p99s do not add: the worst instance's (the merged .hlog files have the run's).
    publishDelayP99: worst(samples, (s) => s.publishDelayP99),
    ackP99: worst(samples, (s) => s.ackP99),
    saturated: samples.some((s) => s.saturated),
    brokerError: samples.find((s) => s.brokerError)?.brokerError ?? null,
  }));
}

const STATUS_ORDER: readonly RunSummary['status'][] = ['complete', 'interrupted', 'aborted', 'partial'];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function mergeSummaries(summaries: readonly RunSummary[], histograms: Encoded, segments: Encoded, slots: ReturnType<typeof unite>): RunSummary {
  const first = summaries[0] as RunSummary;
  const sum = (f: (s: RunSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
  const latencyOf = (byTopic: Readonly<Record<string, string>> | undefined) => {
    if (!byTopic || Object.keys(byTopic).length === 0) return null;
    const total = newHistogram();
    for (const encoded of Object.values(byTopic)) total.add(decode(encoded));
    return summarize(total);
  };
  const segment = (index: number, metric: Metric) => {
    const encoded = segments[String(index)]?.[metric];
    return encoded ? summarize(decode(encoded)) : null;
  };
  const latency = Object.fromEntries(METRICS.map((m) => [m, latencyOf(histograms[m])])) as RunSummary['latency_ms'];
  const duration = Math.max(...summaries.map((s) => s.duration_s));
  const warmupS = first.config.warmup_s ?? 0;
  const events = { produced: sum((s) => s.events.produced), acked: sum((s) => s.events.acked), failed: sum((s) => s.events.failed), invalid: sum((s) => s.events.invalid), injected_invalid: sum((s) => s.events.injected_invalid), bytes: sum((s) => s.events.bytes) };
  const warmAcked = sum((s) => s.warmup?.acked ?? 0);
  const failures: Record<string, number> = {};
  for (const s of summaries) for (const [reason, n] of Object.entries(s.failures)) failures[reason] = (failures[reason] ?? 0) + n;
  // Sends per second only when every instance counted them (a summary from before they were, and the sum would be short).
  const sentCounted = summaries.every((s) => s.per_second.every((p) => p.sent !== undefined));
  const perSecond = new Map<number, { acked: number; sent?: number; target?: number }>();
  for (const s of summaries) {
    for (const p of s.per_second) {
      const at = perSecond.get(p.t) ?? { acked: 0 };
      perSecond.set(p.t, {
        acked: at.acked + p.acked,
        ...(sentCounted ? { sent: (at.sent ?? 0) + (p.sent ?? 0) } : {}),
        ...(p.target === undefined ? {} : { target: round3((at.target ?? 0) + p.target) }),
      });
    }
  }
  const topics: RunSummary['topics'] = {};
  for (const name of [...new Set(summaries.flatMap((s) => Object.keys(s.topics)))]) {
    const parts = summaries.map((s) => s.topics[name]).filter((t) => t !== undefined);
    const latencyMs: Record<string, ReturnType<typeof summarize>> = {};
    for (const metric of METRICS) {
      const encoded = histograms[metric]?.[name];
      if (encoded !== undefined || (PRODUCER_METRICS as readonly Metric[]).includes(metric)) latencyMs[metric] = encoded === undefined ? null : summarize(decode(encoded));
    }
    topics[name] = { produced: parts.reduce((n, t) => n + t.produced, 0), acked: parts.reduce((n, t) => n + t.acked, 0), failed: parts.reduce((n, t) => n + t.failed, 0), bytes: parts.reduce((n, t) => n + t.bytes, 0), latency_ms: latencyMs };
  }
  const consumers = summaries.map((s) => s.consumer);
  const consumer = consumers.some((c) => c === null) ? null : mergeConsumers(consumers as NonNullable<RunSummary['consumer']>[], slots, first.instances !== undefined);
  const worst = summaries.reduce((w, s) => (STATUS_ORDER.indexOf(s.status) > STATUS_ORDER.indexOf(w) ? s.status : w), first.status);
  const target = summaries.every((s) => s.target_rate === null) ? null : round3(sum((s) => s.target_rate ?? 0));
  // Each instance had a host of its own: their figures do not merge (each is in its own directory).
  const { host: firstHost, ...shared } = first;
  return {
    ...shared,
    ...(summaries.length === 1 && firstHost ? { host: firstHost } : {}),
    status: worst,
    target_rate: target,
    duration_s: duration,
    events,
    failures,
    // One directory keeps its own figure (made from the unrounded duration); instances', from the longest.
    achieved_rate: summaries.length === 1 ? first.achieved_rate : round3(duration - warmupS > 0 ? (events.acked - warmAcked) / (duration - warmupS) : 0),
    ...(first.warmup ? { warmup: { duration_s: first.warmup.duration_s, acked: warmAcked, received: first.warmup.received === null ? null : sum((s) => s.warmup?.received ?? 0), latency_ms: { publish_delay: segment(-1, 'publish_delay'), ack: segment(-1, 'ack'), ack_uncorrected: segment(-1, 'ack_uncorrected'), e2e: segment(-1, 'e2e'), e2e_uncorrected: segment(-1, 'e2e_uncorrected') } } } : {}),
    ...(first.phases ? { phases: first.phases.map((phase, i) => ({ ...phase, target_rate: round3(sum((s) => s.phases?.[i]?.target_rate ?? 0)), acked: sum((s) => s.phases?.[i]?.acked ?? 0), received: phase.received === null ? null : sum((s) => s.phases?.[i]?.received ?? 0), latency_ms: { publish_delay: segment(i, 'publish_delay'), ack: segment(i, 'ack'), e2e: segment(i, 'e2e') } })) } : {}),
    ...(first.instances ? { instances: { count: first.instances.count, index: null } } : {}),
    per_second: [...perSecond].sort(([a], [b]) => a - b).map(([t, p]) => ({ t, ...p })),
    latency_ms: latency,
    consumer,
    topics,
    generator: {
      // Seconds do not add across instances: the most any instance had (each instance's own are in its directory).
      saturated: summaries.some((s) => s.generator.saturated),
      saturated_seconds: Math.max(...summaries.map((s) => s.generator.saturated_seconds)),
      stalls: sum((s) => s.generator.stalls),
      queue_full: sum((s) => s.generator.queue_full),
      max_publish_delay_ms: latency.publish_delay?.max ?? null,
    },
  };
}

function mergeConsumers(consumers: readonly NonNullable<RunSummary['consumer']>[], slots: ReturnType<typeof unite>, instances: boolean): NonNullable<RunSummary['consumer']> {
  const sum = (f: (c: NonNullable<RunSummary['consumer']>) => number | undefined) => consumers.reduce((n, c) => n + (f(c) ?? 0), 0);
  // Instances' consumers read disjoint shares of the partitions: the run's loss is every instance's acks
  // against everything any of them read. A run of one instance keeps its own count.
  const lost = instances && slots.received ? missingAcross(slots.acked, slots.received) : (consumers[0]?.lost ?? null);
  const unexpected = instances && slots.received ? missingAcross(slots.received, slots.acked) : consumers[0]?.unexpected;
  const drained = consumers.every((c) => c.drained !== false);
  return {
    received: sum((c) => c.received),
    lost,
    duplicates: sum((c) => c.duplicates),
    out_of_order: sum((c) => c.out_of_order),
    ...(unexpected === undefined ? {} : { unexpected }),
    ...(consumers.some((c) => c.foreign !== undefined) ? { foreign: sum((c) => c.foreign) } : {}),
    ...(consumers.some((c) => c.negative_latencies !== undefined) ? { negative_latencies: sum((c) => c.negative_latencies) } : {}),
    ...(consumers.some((c) => c.drained !== undefined) ? { drained } : {}),
  };
}
