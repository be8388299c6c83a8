// Running loadgen (or a peer) as a child process, as a user would, for the benchmarks: its output, its peak
// RSS and its own children's (VmHWM sampled until it exits; loadgen's child is its companion consumer).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../src/report/summary.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly peakRssMb: number;
  /** The largest peak RSS among the process's own children (loadgen's companion consumer); 0 if it had none. */
  readonly childPeakRssMb: number;
  readonly wallS: number;
  /** CPU seconds (user + system) of the process and the children it waited for; NaN if not measured. */
  readonly cpuS: number;
}

/**
 * Runs `command` under bash, whose `times` then reports the CPU the command (and what it waited for) used:
 * exact, where sampling /proc would miss the last moments before exit.
 */
export async function runTimed(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  const r = await run('bash', ['-c', '"$@"; rc=$?; times >&2; exit $rc', 'bash', command, ...args], env, true);
  // `times`: the shell's user and system time, then its children's, e.g. "0m1.250s 0m0.310s".
  const lines = r.stderr.trimEnd().split('\n');
  const children = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  const cpuS = children ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]) : NaN;
  return { ...r, stderr: lines.slice(0, -2).join('\n'), cpuS };
}

/** A process's children's pids (those of its main thread, which is what forks here). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** The pid whose peak RSS is sampled: the process itself, or (under runTimed's bash) its first child. */
function sampledPid(pid: number, child: boolean): number {
  return child ? (childrenOf(pid)[0] ?? Number.NaN) : pid;
}

/** A process's peak RSS so far in MB (VmHWM); 0 once it has gone. */
function peakRss(pid: number): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return hwm?.[1] ? Number(hwm[1]) / 1024 : 0;
  } catch {
    return 0; // exited between samples
  }
}

export function run(command: string, args: readonly string[], env: Record<string, string> = {}, rssOfChild = false): Promise<Finished> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let childPeak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sample = setInterval(() => {
      try {
        const pid = sampledPid(child.pid as number, rssOfChild);
        peak = Math.max(peak, peakRss(pid));
        for (const c of childrenOf(pid)) childPeak = Math.max(childPeak, peakRss(c));
      } catch {
        // exited between samples
      }
    }, 200);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, stdout, stderr, peakRssMb: peak, childPeakRssMb: childPeak, wallS: (performance.now() - started) / 1000, cpuS: NaN });
    });
  });
}

/** `loadgen <args>` into a fresh results directory; its summary.json and where it is. */
export async function loadgen(args: readonly string[], env: Record<string, string> = {}, okCodes: readonly number[] = [0], bootstrap = brokers): Promise<{ summary: RunSummary; out: string } & Finished> {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-bench-'));
  const r = await runTimed('node', ['dist/src/cli/main.js', ...args, '--brokers', bootstrap, '--quiet', '--out', out], env);
  if (r.code === null || !okCodes.includes(r.code)) throw new Error(`loadgen ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return { ...r, out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary };
}
