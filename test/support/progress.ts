// Reading `loadgen run`'s progress lines (stderr, one a second when it is not a terminal), the readiness
// signal of tests that act on a run in progress: "[    3s] target 500/s  acked 500/s  total 1,234  ...".

/** The total acked so far that a progress line shows; -1 for any other line. */
export function ackedIn(line: string): number {
  const total = /^\[\s*\d+s\] .*\btotal ([\d,]+)\b/.exec(line)?.[1];
  return total === undefined ? -1 : Number(total.replace(/,/g, ''));
}
