// Text tables for the terminal: every column padded to its widest cell, two spaces between columns, no
// trailing spaces. One aligner for the end-of-run table, report --compare, sample --stats and topics.
export type ColumnAlignment = 'text' | 'numbers';

/**
 * The rows as aligned lines. 'numbers' (the default): the first column left-aligned, the others right-aligned,
 * as figures are; 'text': every column left-aligned.
 */
export function alignColumns(rows: readonly (readonly string[])[], alignment: ColumnAlignment = 'numbers'): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number) => (alignment === 'text' || i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0));
  return rows.map((r) => r.map(pad).join('  ').trimEnd());
}
