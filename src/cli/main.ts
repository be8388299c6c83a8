#!/usr/bin/env node
// The `loadgen` executable: real process I/O in, an exit code out. Everything else is in app.ts.
import { availableParallelism } from 'node:os';
import { tuneProcessMalloc } from '../kafka/native-addon.js';
import { runCli } from './app.js';

// Before any thread is made: a run's dozens of threads otherwise hold freed memory in arenas of their own.
tuneProcessMalloc(availableParallelism());

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
