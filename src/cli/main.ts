#!/usr/bin/env node
// The `loadgen` executable: real process I/O in, an exit code out. Everything else is in app.ts.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { tuneProcessMalloc } from '../kafka/native-addon.js';

// Before anything else is loaded: V8 doubles a young generation whose objects survive, up to 16 MB per
// semi-space, and loading and compiling at start (modules, schemas, validators) grew the main thread's to
// 19-25 MB, which stayed committed for the whole run; its steady allocation (about 0.5 MB/s) needs the 1 MB
// it starts with. V8 reads this flag each time it would grow the space, which is why setting it here works
// (a command-line --max-semi-space-size would too, but only where loadgen is started with it). Threads
// have their own, smaller limit (resourceLimits). Not --optimize-for-size: it also made each thread collect
// its old generation sooner, which saved another 40 MB at --rate 50000 --workers 8, but at the cost of
// publish-delay p99 (5.1 and 8.8 ms against 4.0 and 4.7 with the consumer, alternating 60 s runs).
setFlagsFromString('--semi-space-growth-factor=1');
// Before any thread is made: a run's dozens of threads otherwise hold freed memory in arenas of their own.
tuneProcessMalloc(availableParallelism());
const { runCli } = await import('./app.js');

let stdoutClosed = false;
// A reader that goes away (`loadgen sample | head`) is a normal end, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  stdoutClosed = true;
});

function write(chunk: string): Promise<boolean> {
  if (stdoutClosed) return Promise.resolve(false);
  if (process.stdout.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('error', done);
      resolve(!stdoutClosed);
    };
    process.stdout.once('drain', done);
    process.stdout.once('error', done);
  });
}

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  write,
  env: process.env,
  now: () => Date.now(),
  progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}` : `${line}\n`),
  progressIsTerminal: process.stderr.isTTY === true,
  progressEnd: () => {
    if (process.stderr.isTTY) process.stderr.write('\n');
  },
  onSignal: (handler) => {
    const onInt = () => handler('SIGINT');
    const onTerm = () => handler('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    return () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
  },
  exit: (code) => process.exit(code),
});
process.exitCode = code;
