// Where results go: a directory that is checked before a run sends anything, and files written into it that
// name themselves when they cannot be written.
//
// Why not mkdirSync(dir, { recursive: true }): on Node 20 it never returns for a path under /proc (it spins at
// 100% CPU, so not even a signal handler runs), which hung `loadgen --out /proc/nope` for good. Directories
// are created here one level at a time, and each failure is an ordinary error.
import { appendFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, errors } from '../errors.js';

/**
 * Creates `dir` (and its missing parents) and proves it writable by creating and removing a probe file,
 * before any network I/O; anything else is a usage error naming `flag` and the directory (exit 2).
 * The probe matters where permissions say nothing: root may write anywhere but a read-only mount or /proc.
 */
export function prepareOutputDir(dir: string, flag: string): void {
  try {
    makeDirectory(dir);
    const probe = join(dir, `.loadgen-probe-${process.pid}`);
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe);
  } catch (err) {
    throw errors.usage(`${flag} ${dir}: cannot create or write this directory (${describe(err)})`);
  }
}

/** `mkdir -p` without Node's recursive mkdir (see the top of this file). */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const stat = statOrNull(at);
    if (stat?.isDirectory()) break;
    if (stat) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
    if (dirname(at) === at) break;
    missing.push(at);
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (err) {
      // Another process may have made it in the meantime; anything else is the real failure.
      if (!statOrNull(at)?.isDirectory()) throw err;
    }
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Writes one results file; a failure names the file (exit 1: what was measured is still printed). */
export function writeResultFile(path: string, data: string): void {
  try {
    writeFileSync(path, data);
  } catch (err) {
    throw errors.resultsUnwritable(path, err);
  }
}

/** Appends to a results file (progress.ndjson, once a second); a failure names the file. */
export function appendResultFile(path: string, data: string): void {
  try {
    appendFileSync(path, data);
  } catch (err) {
    throw errors.resultsUnwritable(path, err);
  }
}

/** Creates `dir` for results written after a run; a failure names the directory (exit 1, not bad input). */
export function ensureResultsDir(dir: string): void {
  try {
    makeDirectory(dir);
  } catch (err) {
    throw errors.resultsUnwritable(dir, err);
  }
}
