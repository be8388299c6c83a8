// report.html: one self-contained file (inline CSS, SVG and a few lines of script; nothing fetched), rendered
// from a results directory:
//   - the headline figures: achieved rate against the target, end-to-end (else ack) p99, lost, failed
//   - the end-of-run table, as the terminal shows it
//   - throughput over time: target, acked and (with the consumer) received per second
//   - latency percentiles over time: p50, p99 and max of each second, end to end (else ack)
//   - the percentile spectrum on a log axis, corrected against uncorrected (what coordinated omission hides)
import type { Histogram, Metric } from '../engine/histograms.js';
import type { HostSecond } from '../engine/host-load.js';
import { MOCK_NOTE, renderSummary } from './summary.js';
import { escapeXml, lineChart, type ChartMark, type Series } from './charts.js';
import type { RunResults } from './results-dir.js';
import { join } from 'node:path';
import { writeResultFile } from './output-dir.js';

const COLORS = { target: '#888888', sent: '#9467bd', acked: '#1f77b4', received: '#2ca02c', p50: '#1f77b4', p99: '#ff7f0e', max: '#d62728', corrected: '#d62728', uncorrected: '#1f77b4' };
/** The host chart's processes, in the order their series are drawn. */
const PROCESS_COLORS = ['#2ca02c', '#9467bd', '#8c564b', '#e377c2'];

/** Percentiles for the spectrum: dense in the tail, where latency lives. */
export const SPECTRUM_PERCENTILES: readonly number[] = [
  ...Array.from({ length: 18 }, (_, i) => i * 5),
  ...Array.from({ length: 41 }, (_, i) => 100 * (1 - 10 ** -(1 + i / 10))),
];

/** (1 / (1 - p), ms) pairs, up to the percentile the sample can resolve (one value in the tail). */
export function spectrum(h: Histogram): [number, number][] {
  return SPECTRUM_PERCENTILES.filter((p) => p < 100 && 1 / (1 - p / 100) <= h.totalCount).map((p) => [1 / (1 - p / 100), h.getValueAtPercentile(p) / 1000]);
}

/**
 * A window shorter than this (the run's last, partial second; a last interval cut short) is left out of the
 * per-second charts: a rate over a sliver of a second is noise, and drawn as a drop to zero it looked like one.
 */
const MIN_WINDOW_S = 0.25;

/** The end of the warm-up and the start of each phase after the first, on every timeline. */
export function runMarks(results: RunResults): ChartMark[] {
  const { warmup, phases } = results.summary;
  return [
    ...(warmup ? [{ x: warmup.duration_s, label: 'warm-up ends' }] : []),
    ...(phases ?? []).map((p) => ({ x: p.start_s, label: p.consumer === 'paused' ? `${p.name} (consumer paused)` : p.name })),
  ];
}

/**
 * Target, sent, acked and received per second, each drawn at its window's middle: target, sent and acked
 * from summary.json's per_second (records queued by when they were handed to the client, acks by when they
 * came, in whole seconds after the start; sent is absent from summaries older than it), received from the
 * consumer's one-second intervals (by when records were read).
 */
export function throughputChart(results: RunResults): string {
  const { summary, intervals } = results;
  const window = (t: number) => Math.min(1, summary.duration_s - t);
  const seconds = summary.per_second.filter((p) => window(p.t) >= MIN_WINDOW_S);
  const series: Series[] = [];
  // Summaries from before per-second targets: a flat rate's target is its rate.
  const flat = summary.config.rate === 'profile' ? null : summary.target_rate;
  const targets = seconds.flatMap((p) => (p.target ?? flat) === null ? [] : [[p.t + 0.5, (p.target ?? flat) as number] as const]);
  if (targets.length > 0) series.push({ name: 'target', color: COLORS.target, dashed: true, points: targets });
  const sent = seconds.flatMap((p) => (p.sent === undefined ? [] : [[p.t + window(p.t) / 2, p.sent / window(p.t)] as const]));
  if (sent.length > 0) series.push({ name: 'sent', color: COLORS.sent, points: sent });
  series.push({ name: 'acked', color: COLORS.acked, points: seconds.map((p) => [p.t + window(p.t) / 2, p.acked / window(p.t)]) });
  const received = intervals.e2e.filter((i) => i.endS - i.startS >= MIN_WINDOW_S);
  if (received.length > 0) series.push({ name: 'received (consumer)', color: COLORS.received, points: received.map((i) => [(i.startS + i.endS) / 2, i.histogram.totalCount / (i.endS - i.startS)]) });
  return lineChart(series, { title: 'Throughput (events/s)', xLabel: 'seconds since start', yLabel: 'events/s', marks: runMarks(results) });
}

/**
 * The machine's seconds from progress.ndjson (src/engine/host-load.ts), all as shares of its CPU time: busy,
 * stolen by the hypervisor, and each of loadgen's processes (its cores over the CPUs). Null when the run
 * recorded none (not Linux, or a run from before host figures).
 */
export function hostChart(results: RunResults): string | null {
  const seconds = results.progress.flatMap((p) => (p.host ? [{ t: p.t, host: p.host }] : []));
  if (seconds.length === 0) return null;
  const at = (share: (h: HostSecond) => number | undefined) =>
    seconds.flatMap(({ t, host }) => {
      const y = share(host);
      return y === undefined ? [] : [[t - 0.5, y] as [number, number]];
    });
  const labels = [...new Set(seconds.flatMap((s) => Object.keys(s.host.cores)))];
  const series: Series[] = [
    { name: 'busy', color: COLORS.acked, points: at((h) => h.busyPercent) },
    { name: 'steal (hypervisor)', color: COLORS.max, points: at((h) => h.stealPercent) },
    ...labels.map((label, i) => ({ name: label, color: PROCESS_COLORS[i % PROCESS_COLORS.length] as string, dashed: true, points: at((h) => (h.cores[label] === undefined ? undefined : (100 * (h.cores[label] as number)) / h.cpus)) })),
  ];
  return lineChart(series, { title: 'Host CPU (% of all CPUs), per second', xLabel: 'seconds since start', yLabel: '%', marks: runMarks(results) });
}

export function latencyOverTimeChart(results: RunResults): string {
  const metric: Metric = results.intervals.e2e.length > 0 ? 'e2e' : 'ack';
  const intervals = results.intervals[metric].filter((i) => i.histogram.totalCount > 0 && i.endS - i.startS >= MIN_WINDOW_S);
  const at = (p: number) => intervals.map((i) => [(i.startS + i.endS) / 2, i.histogram.getValueAtPercentile(p) / 1000] as [number, number]);
  const name = metric === 'e2e' ? 'end to end' : 'ack';
  return lineChart(
    [
      { name: `${name} p50`, color: COLORS.p50, points: at(50) },
      { name: `${name} p99`, color: COLORS.p99, points: at(99) },
      { name: `${name} max`, color: COLORS.max, points: at(100) },
    ],
    { title: `Latency over time, ${name} (corrected), per second`, xLabel: 'seconds since start', yLabel: 'ms (log)', logY: true, marks: runMarks(results) },
  );
}

export function spectrumChart(results: RunResults): string {
  const { overall } = results;
  const series: Series[] = [];
  const add = (metric: Metric, name: string, color: string, dashed: boolean) => {
    const h = overall[metric];
    if (h && h.totalCount > 0) series.push({ name, color, dashed, points: spectrum(h) });
  };
  add('e2e', 'end to end, corrected', COLORS.corrected, false);
  add('e2e_uncorrected', 'end to end, uncorrected', COLORS.uncorrected, false);
  add('ack', 'ack, corrected', COLORS.corrected, true);
  add('ack_uncorrected', 'ack, uncorrected', COLORS.uncorrected, true);
  const xTicks = [[1, '0%'], [2, '50%'], [10, '90%'], [100, '99%'], [1000, '99.9%'], [10_000, '99.99%'], [100_000, '99.999%']] as const;
  return lineChart(series, { title: 'Latency by percentile', xLabel: 'percentile', yLabel: 'ms (log)', logX: true, logY: true, xTicks });
}

/** A latency in ms as people read it: 0.842 ms, 12.6 ms, 6.19 s. */
function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Number(ms.toPrecision(3))} ms`;
}

/** The figures a reader looks for first, as large type above the table. */
export function headline(s: RunResults['summary']): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const latency = s.consumer ? { name: 'end-to-end p99', l: s.latency_ms.e2e } : { name: 'ack p99', l: s.latency_ms.ack };
  const target = s.target_rate === null ? 'at --rate max' : `target ${n(s.target_rate)}/s${s.config.rate === 'profile' ? ' (a profile\'s mean)' : ''}`;
  const figures: [string, string, string][] = [
    ['achieved', `${n(s.achieved_rate)}/s`, s.warmup ? `${target}; after a ${s.warmup.duration_s} s warm-up` : target],
    [latency.name, latency.l ? duration(latency.l.p99) : '-', 'corrected for coordinated omission'],
    ['lost', s.consumer ? (s.consumer.lost === null ? 'at merge' : n(s.consumer.lost)) : 'not checked', s.consumer ? `of ${n(s.events.acked)} acked; ${n(s.consumer.duplicates)} duplicates` : 'run with the companion consumer to check'],
    ['failed', n(s.events.failed), `of ${n(s.events.produced)} produced`],
  ];
  const cells = figures.map(([name, value, note]) => `<div class="figure"><div class="name">${escapeXml(name)}</div><div class="value">${escapeXml(value)}</div><div class="note">${escapeXml(note)}</div></div>`);
  return `<div id="headline">${cells.join('')}</div>`;
}

export function renderHtml(results: RunResults): string {
  const s = results.summary;
  const host = hostChart(results);
  const charts = [throughputChart(results), latencyOverTimeChart(results), spectrumChart(results), ...(host === null ? [] : [host])];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadgen ${escapeXml(s.run_id)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
p { max-width: 100ch; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 12px; }
#headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.figure { border: 1px solid #ddd; padding: 10px 16px; min-width: 180px; }
.figure .name { color: #666; }
.figure .value { font-size: 28px; font-weight: 600; }
.figure .note { color: #666; font-size: 12px; }
.chart { width: 100%; height: auto; margin: 12px 0 24px; border: 1px solid #ddd; }
.chart text { font-size: 11px; fill: #333; }
.chart .chart-title { font-size: 14px; font-weight: 600; }
.chart .grid { stroke: #eee; }
.chart .legend { cursor: pointer; }
.chart .off { opacity: 0.15; }
</style></head>
<body>
<h1>loadgen run ${escapeXml(s.run_id)}</h1>
<p>${escapeXml(`${s.status}; started ${s.started_at}; ${s.config.workers} worker thread(s) to ${s.config.brokers}; seed ${s.config.seed}`)}</p>
${s.cluster?.kind === 'mock' ? `<p id="mock"><strong>${escapeXml(MOCK_NOTE.replace('N', String(s.cluster.brokers ?? '')))}</strong></p>
` : ''}${headline(s)}
<pre id="summary">${escapeXml(renderSummary(s).join('\n'))}</pre>
${charts.join('\n')}
<p>Corrected latency is measured from when each event should have been sent (the schedule); uncorrected from
when it was. Their gap is the coordinated omission other tools hide. Click a legend entry to hide its line.</p>
<script>
for (const legend of document.querySelectorAll('.legend')) {
  legend.addEventListener('click', () => {
    const chart = legend.closest('svg');
    for (const el of chart.querySelectorAll('[data-series]')) if (el.dataset.series === legend.dataset.series) el.classList.toggle('off');
  });
}
document.body.dataset.charts = String(document.querySelectorAll('svg.chart path.series').length);
</script>
</body></html>
`;
}

/** Writes DIR/report.html; returns its path. A failure names the file (exit 1). */
export function writeHtmlReport(results: RunResults): string {
  const path = join(results.dir, 'report.html');
  writeResultFile(path, renderHtml(results));
  return path;
}
