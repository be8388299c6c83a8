// Property tests with their randomness in the open. Each property runs twice: on a fixed seed, so every
// machine and every run checks the same cases (a red CI after a change is the change's doing, not the draw),
// then on a bounded number of cases from a fresh seed, to keep exploring. A failure names its seed, and
// FC_SEED=<seed> (with FC_PATH=<path> from fast-check's report to go straight to the shrunk counterexample)
// replays exactly that run instead of the two.
import fc from 'fast-check';

/** The seed of the fixed part: any constant would do; this one is the issue that asked for it. */
export const FIXED_SEED = 19;

export interface PropertyRuns {
  /** Cases from FIXED_SEED: the same on every run. */
  readonly fixed: number;
  /** Cases from a fresh seed on top (bounded, so a suite's time does not depend on luck). */
  readonly random: number;
}

interface Part {
  readonly label: string;
  readonly seed: number;
  readonly numRuns: number;
  readonly path?: string;
}

function parts(runs: PropertyRuns, env: NodeJS.ProcessEnv = process.env): Part[] {
  const replay = env['FC_SEED'];
  if (replay !== undefined && replay !== '') {
    const seed = Number(replay);
    if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer seed, not ${JSON.stringify(replay)}`);
    const path = env['FC_PATH'];
    // As many cases as the larger part: a failure found by either part comes back within that many.
    return [{ label: `replay of FC_SEED=${seed}`, seed, numRuns: Math.max(runs.fixed, runs.random), ...(path ? { path } : {}) }];
  }
  // fast-check would draw its own seed too; drawing it here is what lets the message say how to replay it.
  const drawn = (Date.now() ^ Math.floor(Math.random() * 0x1_0000_0000)) | 0;
  return [
    { label: `fixed seed ${FIXED_SEED}`, seed: FIXED_SEED, numRuns: runs.fixed },
    { label: `random seed ${drawn}`, seed: drawn, numRuns: runs.random },
  ];
}

function replayable(part: Part, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${part.label} (replay: FC_SEED=${part.seed} and FC_PATH from the line below): ${message}`);
}

/** fc.assert over the fixed part, then the random part (or only the FC_SEED replay). */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, runs: PropertyRuns, examples: Ts[] = []): void {
  for (const part of parts(runs)) {
    try {
      fc.assert(property, { seed: part.seed, numRuns: part.numRuns, examples, ...(part.path ? { path: part.path } : {}) });
    } catch (err) {
      throw replayable(part, err);
    }
  }
}

/** checkProperty for an async property. */
export async function checkAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>, runs: PropertyRuns, examples: Ts[] = []): Promise<void> {
  for (const part of parts(runs)) {
    try {
      await fc.assert(property, { seed: part.seed, numRuns: part.numRuns, examples, ...(part.path ? { path: part.path } : {}) });
    } catch (err) {
      throw replayable(part, err);
    }
  }
}
