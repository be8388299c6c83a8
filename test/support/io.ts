// A recording Io for runCli(): tests read exactly what a user would have seen on stdout and stderr.
import type { Io } from '../../src/cli/app.js';

export interface RecordingIo extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function recordingIo(env: Record<string, string | undefined> = {}): RecordingIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}
