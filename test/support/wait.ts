// Waiting in tests without guessing durations: poll a condition until a deadline, or bound a promise. A fixed
// sleep is either too short on a loaded 2-core machine (a flake) or too long everywhere else; a deadline is
// only reached when something is really wrong, and then it fails with what was awaited.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  /** Give up after this long (ms). */
  readonly timeoutMs: number;
  /** Between checks (ms); default 100. */
  readonly intervalMs?: number;
}

/**
 * Calls `check` until it returns a truthy value, and returns that value; fails after `timeoutMs` naming
 * `what` (and the last thrown error, if the check threw: a check may throw while its subject is not ready).
 */
export async function pollUntil<T>(what: string, check: () => T | Promise<T>, options: PollOptions): Promise<NonNullable<T>> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last check: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`${what}: not within ${options.timeoutMs} ms${cause}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` has passed (the promise itself is not cancelled). */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
