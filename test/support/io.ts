// A recording Io for runCli(): tests read exactly what a user would have seen on stdout and stderr.
import type { Io } from '../../src/cli/app.js';

export interface RecordingIo extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
}

/** stdout collects lines from out() and from write() (split on newlines), so tests read both the same way. */
export function recordingIo(env: Record<string, string | undefined> = {}, nowMs = Date.UTC(2026, 0, 1)): RecordingIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  return {
    stdout,
    stderr,
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
