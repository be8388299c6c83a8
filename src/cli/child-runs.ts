// `loadgen run` as a child process of another command (find-max's steps, --processes' instances): the same
// executable, stdout left out (the parent reads the results directory), stderr passed through so a child's
// one-line error reaches the user.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * Starts `loadgen ARGS`; `done` resolves with its exit code (null: ended by a signal). `detached`: in a
 * process group of its own, so a terminal's Ctrl-C reaches only the parent, which passes it on once (a child
 * that got it twice, from the terminal and from the parent, would end at once with a partial summary).
 */
export function startLoadgenChild(args: readonly string[], detached = false): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'], detached });
  return { child, done: new Promise((resolve) => child.on('close', resolve)) };
}
