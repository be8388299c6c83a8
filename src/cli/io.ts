// Everything a command does to the outside world goes through Io: output, the environment, the clock,
// signals and exit. The CLI's main passes the process's; tests pass a recording one (test/support/io.ts).

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /**
   * Bulk output with backpressure: resolves when the chunk may be followed by another, false once the reader
   * has gone away (e.g. `| head`), after which the command should stop producing.
   */
  write(chunk: string): Promise<boolean>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Unix ms now; injectable so tests are exact. */
  now(): number;
  /** The once-a-second progress line: rewritten in place on a terminal, one line each otherwise. */
  progress(line: string): void;
  /** Ends in-place progress output (a newline on a terminal). */
  progressEnd(): void;
  /** Whether progress goes to a terminal (where it stays human whatever --log-format says). */
  readonly progressIsTerminal: boolean;
  /** Subscribes to SIGINT and SIGTERM; returns the unsubscribe function. */
  onSignal(handler: (name: string) => void): () => void;
  /** Ends the process at once (the second signal). */
  exit(code: number): void;
}
