#!/usr/bin/env node
// The `loadgen` executable: real process I/O in, an exit code out. Everything else is in app.ts.
import { runCli } from './app.js';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
