// Running loadgen (or a peer) as a child process, as a user would, for the benchmarks: its output and its
// peak RSS (VmHWM sampled until it exits).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../src/engine/summary.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly peakRssMb: number;
  readonly wallS: number;
}

export function run(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm?.[1]) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // exited between samples
      }
    }, 200);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, stdout, stderr, peakRssMb: peak, wallS: (performance.now() - started) / 1000 });
    });
  });
}

/** `loadgen <args>` into a fresh results directory; its summary.json and where it is. */
export async function loadgen(args: readonly string[], env: Record<string, string> = {}, okCodes: readonly number[] = [0]): Promise<{ summary: RunSummary; out: string } & Finished> {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-bench-'));
  const r = await run('node', ['dist/src/cli/main.js', ...args, '--brokers', brokers, '--quiet', '--out', out], env);
  if (r.code === null || !okCodes.includes(r.code)) throw new Error(`loadgen ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return { ...r, out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary };
}
