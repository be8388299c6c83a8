// `loadgen merge DIR... --out DIR`: a scaled-out run's instances' results directories as one (src/report/
// merge.ts), with its table printed and report.html written, readable by `loadgen report` like any run.
import { errors } from '../errors.js';
import { loadSchemaRegistry } from '../events/schema-registry.js';
import { writeHtmlReport } from '../report/html.js';
import { mergeInstances, readInstance, writeMerged } from '../report/merge.js';
import { prepareOutputDir } from '../report/output-dir.js';
import { loadResults } from '../report/results-dir.js';
import { renderSummary } from '../report/summary.js';
import type { Io } from './io.js';

export interface MergeFlags {
  readonly out?: unknown;
}

export function mergeCommand(dirs: readonly unknown[], flags: MergeFlags, io: Io): number {
  if (dirs.length === 0 || dirs.some((d) => typeof d !== 'string' || d === '')) throw errors.usage('loadgen merge needs the instances\' results directories, e.g. loadgen merge results/run-i0 results/run-i1 --out results/run');
  if (typeof flags.out !== 'string' || flags.out === '') throw errors.invalidOption('--out', flags.out, 'the directory to write the merged results to');
  if ((dirs as string[]).includes(flags.out)) throw errors.usage(`--out ${flags.out} is one of the directories to merge`);
  const registry = loadSchemaRegistry();
  const merged = mergeInstances((dirs as string[]).map((dir) => readInstance(dir, registry)));
  prepareOutputDir(flags.out, '--out');
  writeMerged(flags.out, merged);
  const html = writeHtmlReport(loadResults(flags.out, registry));
  for (const line of renderSummary(merged.summary)) io.out(line);
  io.out(`merged ${dirs.length} instance(s): ${flags.out} (${html})`);
  return 0;
}
