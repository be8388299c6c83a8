// `loadgen report A --compare B`: two runs side by side, with the change of each figure from A to B.
import { PERCENTILE_COLUMNS, latencyRows, type RunSummary } from './summary.js';
import { alignColumns } from './text-table.js';

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 3 });

function change(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined) return '-';
  if (a === 0) return b === 0 ? '0%' : 'new';
  const pct = ((b - a) / a) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

export function renderComparison(a: RunSummary, b: RunSummary): string[] {
  const lines = [`A: ${a.run_id} (${a.status}, target ${a.target_rate ?? 'max'})`, `B: ${b.run_id} (${b.status}, target ${b.target_rate ?? 'max'})`, ''];
  const rows: string[][] = [['', 'A', 'B', 'change']];
  const row = (label: string, x: number | undefined, y: number | undefined) => rows.push([label, x === undefined ? '-' : n(x), y === undefined ? '-' : n(y), change(x, y)]);
  row('achieved events/s', a.achieved_rate, b.achieved_rate);
  row('acked', a.events.acked, b.events.acked);
  row('failed', a.events.failed, b.events.failed);
  row('lost', a.consumer?.lost ?? undefined, b.consumer?.lost ?? undefined);
  row('duplicates', a.consumer?.duplicates, b.consumer?.duplicates);
  const other = new Map(latencyRows(b));
  for (const [label, la] of latencyRows(a)) {
    if (label.startsWith('  ')) continue; // per-topic rows: overall figures only, to keep it readable
    const lb = other.get(label) ?? null;
    for (const [column, key] of PERCENTILE_COLUMNS) row(`${label} ${column} (ms)`, la?.[key], lb?.[key]);
  }
  lines.push(...alignColumns(rows));
  return lines;
}
