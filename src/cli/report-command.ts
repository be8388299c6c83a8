// `loadgen report DIR [--compare OTHER] [--format text|json|html]`: re-renders a results directory with no
// broker: the end-of-run table (text), summary.json (json) or report.html written into DIR (html); with
// --compare, two runs side by side with the change in each figure.
import { errors } from '../errors.js';
import { loadSchemaRegistry } from '../events/schema-registry.js';
import { renderSummary } from '../report/summary.js';
import { renderComparison } from '../report/compare.js';
import { writeHtmlReport } from '../report/html.js';
import { loadResults } from '../report/results-dir.js';
import { prepareOutputDir } from '../report/output-dir.js';
import type { Io } from './io.js';

export interface ReportFlags {
  readonly compare?: unknown;
  readonly format?: unknown;
}

const FORMATS = ['text', 'json', 'html'] as const;

export function reportCommand(dir: unknown, flags: ReportFlags, io: Io): number {
  if (typeof dir !== 'string' || dir === '') throw errors.usage('loadgen report needs a results directory, e.g. loadgen report results/<run-id>');
  const format = flags.format ?? 'text';
  if (!(FORMATS as readonly unknown[]).includes(format)) throw errors.invalidOption('--format', format, FORMATS.join(', '));
  if (flags.compare !== undefined && (typeof flags.compare !== 'string' || flags.compare === '')) throw errors.invalidOption('--compare', flags.compare, 'a results directory');
  if (flags.compare !== undefined && format !== 'text') throw errors.usage('--compare prints text; leave out --format');
  const registry = loadSchemaRegistry();
  const results = loadResults(dir, registry);
  if (typeof flags.compare === 'string') {
    for (const line of renderComparison(results.summary, loadResults(flags.compare, registry).summary)) io.out(line);
  } else if (format === 'json') {
    io.out(JSON.stringify(results.summary, null, 2));
  } else if (format === 'html') {
    prepareOutputDir(dir, 'report --format html:');
    io.out(writeHtmlReport(results));
  } else {
    for (const line of renderSummary(results.summary)) io.out(line);
  }
  return 0;
}
