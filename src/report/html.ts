// report.html: one self-contained file (inline CSS, SVG and a few lines of script; nothing fetched), rendered
// from a results directory:
//   - the end-of-run table, as the terminal shows it
//   - throughput over time: target, acked and (with the consumer) received per second
//   - latency percentiles over time: p50, p99 and max of each second, end to end (else ack)
//   - the percentile spectrum on a log axis, corrected against uncorrected (what coordinated omission hides)
import type { Histogram, Metric } from '../engine/histograms.js';
import { renderSummary } from './summary.js';
import { escapeXml, lineChart, type Series } from './charts.js';
import type { RunResults } from './results-dir.js';
import { join } from 'node:path';
import { writeResultFile } from './output-dir.js';

const COLORS = { target: '#888888', acked: '#1f77b4', received: '#2ca02c', p50: '#1f77b4', p99: '#ff7f0e', max: '#d62728', corrected: '#d62728', uncorrected: '#1f77b4' };

/** Percentiles for the spectrum: dense in the tail, where latency lives. */
export const SPECTRUM_PERCENTILES: readonly number[] = [
  ...Array.from({ length: 18 }, (_, i) => i * 5),
  ...Array.from({ length: 41 }, (_, i) => 100 * (1 - 10 ** -(1 + i / 10))),
];

/** (1 / (1 - p), ms) pairs, up to the percentile the sample can resolve (one value in the tail). */
export function spectrum(h: Histogram): [number, number][] {
  return SPECTRUM_PERCENTILES.filter((p) => p < 100 && 1 / (1 - p / 100) <= h.totalCount).map((p) => [1 / (1 - p / 100), h.getValueAtPercentile(p) / 1000]);
}

export function throughputChart(results: RunResults): string {
  const { progress, intervals } = results;
  const series: Series[] = [];
  if (progress.some((p) => p.targetRate !== null)) series.push({ name: 'target', color: COLORS.target, dashed: true, points: progress.map((p) => [p.t, p.targetRate ?? 0]) });
  series.push({ name: 'acked', color: COLORS.acked, points: progress.map((p) => [p.t, p.ackedRate]) });
  if (intervals.e2e.length > 0) series.push({ name: 'received (consumer)', color: COLORS.received, points: intervals.e2e.map((i) => [Math.round(i.endS), i.histogram.totalCount / Math.max(1e-3, i.endS - i.startS)]) });
  return lineChart(series, { title: 'Throughput (events/s)', xLabel: 'seconds since start', yLabel: 'events/s' });
}

export function latencyOverTimeChart(results: RunResults): string {
  const metric: Metric = results.intervals.e2e.length > 0 ? 'e2e' : 'ack';
  const intervals = results.intervals[metric].filter((i) => i.histogram.totalCount > 0);
  const at = (p: number) => intervals.map((i) => [i.endS, i.histogram.getValueAtPercentile(p) / 1000] as [number, number]);
  const name = metric === 'e2e' ? 'end to end' : 'ack';
  return lineChart(
    [
      { name: `${name} p50`, color: COLORS.p50, points: at(50) },
      { name: `${name} p99`, color: COLORS.p99, points: at(99) },
      { name: `${name} max`, color: COLORS.max, points: at(100) },
    ],
    { title: `Latency over time, ${name} (corrected), per second`, xLabel: 'seconds since start', yLabel: 'ms (log)', logY: true },
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

export function renderHtml(results: RunResults): string {
  const s = results.summary;
  const charts = [throughputChart(results), latencyOverTimeChart(results), spectrumChart(results)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadgen ${escapeXml(s.run_id)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 820px; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 12px; }
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
