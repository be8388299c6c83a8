// Child processes for tests, always bounded. uvu has no per-test timeout, so a child that never ends (or a
// client it leaves behind) would hang the whole suite. Every child here:
//   - runs in a process group of its own (spawn detached: setsid), so whatever it starts in turn (the run's
//     companion consumer, Chromium's helpers, make's recipe) can be signalled and killed with it;
//   - has a deadline after which its whole group is killed (SIGKILL) and the wait for it fails, naming it;
//   - is killed with its group when the test process ends, even by a signal (scripts/run-tests.sh's timeout
//     sends SIGTERM first): a group of its own is out of reach of the runner's own group kill.
// Tests that keep a child running (spawnBounded) also call kill() in a finally, so a failed assertion never
// leaves one behind for the next test.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { loadgenBin, projectRoot } from './paths.js';

export interface BoundedOptions {
  /** Kill the child's process group after this long (ms); waiting for it then fails. */
  readonly timeoutMs: number;
  /** Default: the project root. */
  readonly cwd?: string;
  /** Default: this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** How a child ended, with all it wrote; the field names follow spawnSync's. */
export interface Completed {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to the end of its output. */
  readonly ms: number;
}

type Stream = 'stdout' | 'stderr';
type LineTest = RegExp | ((line: string) => boolean);

/** Process groups started here and not known to be gone. */
const liveGroups = new Set<number>();
let cleanupInstalled = false;

function killGroup(pgid: number): void {
  if (pgid <= 0) return; // never started: and process.kill(-0) would signal this process's own group
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: every process of the group has already exited.
  }
}

/** On any end of the test process, the groups it started end too. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const killAll = () => {
    for (const pgid of liveGroups) killGroup(pgid);
    liveGroups.clear();
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // With this listener gone the default action applies again: die of the same signal, as without it.
      process.kill(process.pid, signal);
    });
  }
}

export class BoundedChild {
  readonly process: ChildProcessByStdio<null, Readable, Readable>;
  /** Also the id of its process group. */
  readonly pid: number;
  /** Resolves when the child has exited and its output ended; rejects if the deadline killed it. */
  readonly exited: Promise<Completed>;
  /**
   * Resolves as soon as the child itself has exited, even while something it started still holds its output
   * open (which `exited` waits for); rejects if the deadline killed it.
   */
  readonly exit: Promise<{ readonly status: number | null; readonly signal: NodeJS.Signals | null }>;
  private readonly text: Record<Stream, string> = { stdout: '', stderr: '' };
  private readonly waiters = new Set<() => void>();
  private closed = false;
  private readonly name: string;

  constructor(command: string, args: readonly string[], options: BoundedOptions) {
    installCleanup();
    this.name = [command, ...args].join(' ');
    const started = Date.now();
    this.process = spawn(command, args, { cwd: options.cwd ?? projectRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // No pid: it could not start, and the 'error' event (handled below) rejects `exited` and `exit`.
    this.pid = this.process.pid ?? 0;
    if (this.pid > 0) liveGroups.add(this.pid);
    for (const stream of ['stdout', 'stderr'] as const) {
      this.process[stream].setEncoding('utf8');
      this.process[stream].on('data', (chunk: string) => {
        this.text[stream] += chunk;
        this.notify();
      });
    }
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(this.pid);
    }, options.timeoutMs);
    this.exited = new Promise<Completed>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(deadline);
        this.closed = true;
        this.notify();
        reject(err);
      };
      this.process.on('error', fail);
      this.process.on('close', (status: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(deadline);
        this.closed = true;
        this.notify();
        if (timedOut) fail(new Error(`${this.name}: still running after ${options.timeoutMs} ms, its process group killed\n${this.tail()}`));
        else resolve({ status, signal, stdout: this.text.stdout, stderr: this.text.stderr, ms: Date.now() - started });
      });
    });
    this.exit = new Promise((resolve, reject) => {
      this.process.on('error', reject);
      this.process.on('exit', (status: number | null, signal: NodeJS.Signals | null) => {
        if (timedOut) reject(new Error(`${this.name}: still running after ${options.timeoutMs} ms, its process group killed\n${this.tail()}`));
        else resolve({ status, signal });
      });
    });
    // Handled here so that a child nobody awaits cannot crash the process with an unhandled rejection.
    this.exited.catch(() => undefined);
    this.exit.catch(() => undefined);
  }

  get stdout(): string {
    return this.text.stdout;
  }

  get stderr(): string {
    return this.text.stderr;
  }

  /** Sends `signal` to the child alone. */
  signal(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** Sends `signal` to the child's whole process group, as a terminal's Ctrl-C reaches a shell's job. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  /**
   * The first complete line of `stream` that matches, once it is written: a readiness signal instead of a
   * guessed sleep. Fails if the child ends first or after `timeoutMs`, with what it wrote.
   */
  waitForLine(stream: Stream, test: LineTest, timeoutMs: number): Promise<string> {
    const matches = typeof test === 'function' ? test : (line: string) => test.test(line);
    let scanned = 0; // complete lines already looked at
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`${this.name}: no ${stream} line matching ${String(test)} within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      const settle = (outcome: string | Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (typeof outcome === 'string') resolve(outcome);
        else reject(outcome);
      };
      const check = () => {
        const lines = this.text[stream].split('\n');
        lines.pop(); // a partial line is not matched until it is complete
        for (; scanned < lines.length; scanned++) {
          const line = lines[scanned] as string;
          if (matches(line)) return settle(line);
        }
        if (this.closed) settle(new Error(`${this.name}: ended before writing a ${stream} line matching ${String(test)}\n${this.tail()}`));
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Kills the child's whole group (also what is left of it after the child itself ended) and waits for its end. */
  async kill(): Promise<void> {
    killGroup(this.pid);
    liveGroups.delete(this.pid);
    await this.exited.catch(() => undefined);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private tail(): string {
    const last = (s: string) => s.split('\n').slice(-15).join('\n');
    return `--- stdout (end) ---\n${last(this.text.stdout)}\n--- stderr (end) ---\n${last(this.text.stderr)}`;
  }
}

/** Starts a child that the test talks to while it runs (signals, readiness); kill() it in a finally. */
export function spawnBounded(command: string, args: readonly string[], options: BoundedOptions): BoundedChild {
  return new BoundedChild(command, args, options);
}

/** Runs a child to its end, like spawnSync but bounded and without blocking; what it leaves behind is killed. */
export async function runBounded(command: string, args: readonly string[], options: BoundedOptions): Promise<Completed> {
  const child = new BoundedChild(command, args, options);
  try {
    return await child.exited;
  } finally {
    await child.kill();
  }
}

/** `loadgen ARGS` from the project root. */
export function runLoadgen(args: readonly string[], options: BoundedOptions): Promise<Completed> {
  return runBounded(loadgenBin, args, options);
}

/** `loadgen ARGS` from the project root, kept running; kill() it in a finally. */
export function spawnLoadgen(args: readonly string[], options: BoundedOptions): BoundedChild {
  return spawnBounded(loadgenBin, args, options);
}
