// Line charts as inline SVG strings: pure functions of their data, so report.html needs no script library
// and no network, and a chart is tested as text. Axes may be logarithmic (the percentile spectrum).

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Tick labels for the x axis (value -> label); default: five evenly spaced values. */
  readonly xTicks?: readonly (readonly [number, string])[];
  /** Vertical lines at these x values, labelled (the end of the warm-up, phase boundaries). */
  readonly marks?: readonly ChartMark[];
}

export interface ChartMark {
  readonly x: number;
  readonly label: string;
}

// Drawn about 1:1 on a wide screen (the page is as wide as the window); the viewBox scales it down on narrow ones.
const WIDTH = 1200;
const HEIGHT = 340;
const PAD = { left: 64, right: 16, top: 52, bottom: 44 };

export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0) && (!options.logY || y > 0));
  const head = `<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>${escapeXml(options.title)}</title>` +
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" class="chart-title">${escapeXml(options.title)}</text>`;
  if (all.length === 0) return `${head}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text></svg>`;
  const fx = options.logX ? Math.log10 : (v: number) => v;
  const fy = options.logY ? Math.log10 : (v: number) => v;
  const xs = [...all.map(([x]) => fx(x)), ...(options.marks ?? []).filter((m) => !options.logX || m.x > 0).map((m) => fx(m.x))];
  const ys = all.map(([, y]) => fy(y));
  const [x0, x1] = range(xs, false);
  const [y0, y1] = range(ys, !options.logY);
  const px = (x: number) => PAD.left + ((fx(x) - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
  const py = (y: number) => HEIGHT - PAD.bottom - ((fy(y) - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
  const parts = [head];
  const yTicks = ticks(y0, y1, options.logY === true);
  for (const v of yTicks) parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${r(py(v))}" y2="${r(py(v))}"/><text x="${PAD.left - 6}" y="${r(py(v)) + 4}" text-anchor="end">${label(v)}</text>`);
  const xTicks = options.xTicks ?? ticks(x0, x1, options.logX === true).map((v) => [v, label(v)] as const);
  for (const [v, text] of xTicks) {
    if (fx(v) < x0 - 1e-9 || fx(v) > x1 + 1e-9) continue;
    parts.push(`<text x="${r(px(v))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeXml(text)}</text>`);
  }
  for (const mark of options.marks ?? []) {
    if (options.logX && mark.x <= 0) continue;
    const x = r(px(mark.x));
    parts.push(`<g class="mark"><line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="#999" stroke-dasharray="2 3"/><text x="${x + 4}" y="${PAD.top + 12}">${escapeXml(mark.label)}</text></g>`);
  }
  parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0) && (!options.logY || y > 0));
    if (points.length === 0) return;
    const d = points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${r(px(x))},${r(py(y))}`).join('');
    parts.push(`<path class="series" data-series="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 4"' : ''}><title>${escapeXml(s.name)}</title></path>`);
    const lx = PAD.left + 8 + i * 170;
    const ly = PAD.top - 16;
    parts.push(`<g class="legend" data-series="${escapeXml(s.name)}"><line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/><text x="${lx + 22}" y="${ly}">${escapeXml(s.name)}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function range(values: readonly number[], fromZero: boolean): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (fromZero) lo = Math.min(lo, 0);
  if (hi - lo < 1e-9) hi = lo + 1;
  return [lo, hi];
}

/** Tick values in data units: 1-2-5 per decade on a log axis (bounds are log10), else round steps. */
function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const steps = hi - lo > 3 ? [1] : [1, 2, 5];
    const out: number[] = [];
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) for (const m of steps) if (Math.log10(m * 10 ** e) >= lo - 1e-9 && Math.log10(m * 10 ** e) <= hi + 1e-9) out.push(m * 10 ** e);
    return out;
  }
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(v);
  return out;
}

function label(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

const r = (v: number) => Math.round(v * 10) / 10;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
