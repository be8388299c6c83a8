// A recording Io for runCli(): tests read exactly what a user would have seen on stdout and stderr.
import type { Io } from '../../src/cli/io.js';

export interface RecordingIo extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly progressLines: string[];
  /** Delivers a signal to the subscribed handler, as the process would. */
  signal(name: string): void;
  readonly exits: number[];
}

/** stdout collects lines from out() and from write() (split on newlines), so tests read both the same way. */
export function recordingIo(env: Record<string, string | undefined> = {}, nowMs = Date.UTC(2026, 0, 1)): RecordingIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  const progressLines: string[] = [];
  const exits: number[] = [];
  let handler: ((name: string) => void) | undefined;
  return {
    stdout,
    stderr,
    progressLines,
    exits,
    signal: (name) => handler?.(name),
    progress: (line) => progressLines.push(line),
    progressEnd: () => undefined,
    progressIsTerminal: false,
    onSignal: (h) => {
      handler = h;
      return () => (handler = undefined);
    },
    exit: (code) => exits.push(code),
    env,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    write: async (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      stdout.push(...lines);
      return true;
    },
    now: () => nowMs,
  };
}
