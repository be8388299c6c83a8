// `loadgen run` as a child process of another command (find-max's steps, --processes' instances): the same
// executable, stdout left out (the parent reads the results directory), stderr passed through so a child's
// one-line error reaches the user.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** Starts `loadgen ARGS`; `done` resolves with its exit code (null: ended by a signal). */
export function startLoadgenChild(args: readonly string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, done: new Promise((resolve) => child.on('close', resolve)) };
}
