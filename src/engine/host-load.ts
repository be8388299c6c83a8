// What the machine did during the run, second by second: how busy its CPUs were, how much of their time the
// hypervisor took (steal), and how much CPU loadgen's own processes used. Read from Linux's /proc; elsewhere
// there is nothing to read, and every sample is null.
//
// Why: a publish delay or an end-to-end latency is partly time spent waiting for a CPU, and a report that
// does not say so blames Kafka (or loadgen) for the machine. On this project's 2-core virtual machine the
// headline with its consumer left no CPU idle, and in some runs the host took 20-70% of the CPU time away
// (steal) in the loaded seconds, while a spinning probe saw about 1%: a vCPU that sleeps and wakes as often as
// a paced producer's threads do is given back to the host each time. Those seconds' publish-delay p99 went
// from tens of milliseconds to seconds. Kept beside the latencies, the report can say so.
//
// The readers are parameters (reading a file by path), so the sampler is tested with fixed /proc texts.
import { readFileSync } from 'node:fs';
import type { RunSummary } from '../events/types.generated.js';

/** Cumulative CPU time of all CPUs, in the kernel's USER_HZ ticks (/proc/stat's first line). */
export interface CpuTimes {
  /** The CPUs counted (`cpuN` lines). */
  readonly cpus: number;
  /** user + nice + system + irq + softirq */
  readonly busy: number;
  /** idle + iowait: time a CPU had nothing to run */
  readonly idle: number;
  /** Time a virtual CPU was ready to run and the hypervisor ran something else. */
  readonly steal: number;
}

/** One second of the run: shares of all CPUs' time, and each process's CPU in cores (1 = one core all second). */
export interface HostSecond {
  readonly cpus: number;
  readonly busyPercent: number;
  readonly stealPercent: number;
  readonly cores: Readonly<Record<string, number>>;
}

/** A process whose CPU the sampler follows, by the name the reports give it. */
export interface WatchedProcess {
  readonly label: string;
  readonly pid: number;
}

/** Linux counts /proc times in USER_HZ, 100 on every architecture Node runs on. */
export const USER_HZ = 100;

/** No CPU idle in a second: at least this share of its time busy or stolen. */
export const NO_IDLE_PERCENT = 95;
/** A second in which the hypervisor took at least this share of the CPU time. */
export const STEAL_PERCENT = 10;

/** The totals of /proc/stat's `cpu` line, or null when the text has none. */
export function parseCpuTimes(procStat: string): CpuTimes | null {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return null;
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user and nice)
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 8 || f.some((n) => !Number.isFinite(n))) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  const cpus = procStat.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  return { cpus, busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/** utime + stime of a process (/proc/PID/stat, fields 14 and 15), in USER_HZ ticks; null if unreadable. */
export function parseProcessTicks(procPidStat: string): number | null {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = procPidStat.slice(procPidStat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks : null;
}

/** The default reader: the file's text, or null (no such file: not Linux, or the process has ended). */
export function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** One reading: the CPUs' totals, when (run clock), and each watched process's ticks by label. */
interface Snapshot {
  readonly cpu: CpuTimes;
  readonly us: number;
  readonly ticks: ReadonlyMap<string, number>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Samples the host once a call (the run's monitor calls it once a second): each sample covers the time since
 * the previous one. `read(path)` returns a file's text, or null when it cannot (not Linux, a process gone).
 */
export class HostSampler {
  private last: Snapshot | null;

  constructor(
    private readonly read: (path: string) => string | null,
    private readonly processes: () => readonly WatchedProcess[],
    nowUs: number,
  ) {
    this.last = this.snapshot(nowUs);
  }

  /** Whether there is anything to sample (/proc/stat was readable). */
  get available(): boolean {
    return this.last !== null;
  }

  sample(nowUs: number): HostSecond | null {
    const now = this.snapshot(nowUs);
    const last = this.last;
    this.last = now ?? last;
    if (now === null || last === null) return null;
    const busy = now.cpu.busy - last.cpu.busy;
    const steal = now.cpu.steal - last.cpu.steal;
    const total = busy + steal + now.cpu.idle - last.cpu.idle;
    const seconds = (now.us - last.us) / 1e6;
    if (total <= 0 || seconds <= 0) return null;
    const cores: Record<string, number> = {};
    for (const [label, ticks] of now.ticks) {
      const before = last.ticks.get(label);
      if (before !== undefined) cores[label] = round2(Math.max(0, ticks - before) / USER_HZ / seconds);
    }
    return { cpus: now.cpu.cpus, busyPercent: round1((100 * busy) / total), stealPercent: round1((100 * steal) / total), cores };
  }

  private snapshot(us: number): Snapshot | null {
    const text = this.read('/proc/stat');
    const cpu = text === null ? null : parseCpuTimes(text);
    if (cpu === null) return null;
    const ticks = new Map<string, number>();
    for (const { label, pid } of this.processes()) {
      const stat = this.read(`/proc/${pid}/stat`);
      const t = stat === null ? null : parseProcessTicks(stat);
      if (t !== null) ticks.set(label, t);
    }
    return { cpu, us, ticks };
  }
}

/** summary.json's `host`: means over the measured seconds, and the seconds that matter (its schema's type). */
export type HostSummary = NonNullable<RunSummary['host']>;

/** A second with no CPU idle: latencies then include waiting for a CPU. */
const noIdle = (s: HostSecond) => s.busyPercent + s.stealPercent >= NO_IDLE_PERCENT;
/** A second in which the hypervisor took a share worth saying. */
const stolen = (s: HostSecond) => s.stealPercent >= STEAL_PERCENT;

export function summarizeHost(seconds: readonly HostSecond[]): HostSummary | null {
  if (seconds.length === 0) return null;
  const mean = (f: (s: HostSecond) => number | undefined) => {
    const values = seconds.map(f).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const cores: Record<string, number> = {};
  for (const label of new Set(seconds.flatMap((s) => Object.keys(s.cores)))) cores[label] = round2(mean((s) => s.cores[label]) ?? 0);
  return {
    cpus: Math.max(...seconds.map((s) => s.cpus)),
    busy_percent: round1(mean((s) => s.busyPercent) ?? 0),
    steal_percent: round1(mean((s) => s.stealPercent) ?? 0),
    no_idle_seconds: seconds.filter(noIdle).length,
    steal_seconds: seconds.filter(stolen).length,
    cores,
  };
}

/** The second's flag for the progress line, or '' when the host had CPU to spare. */
export function hostFlag(s: HostSecond | null | undefined): string {
  if (!s || (!noIdle(s) && !stolen(s))) return '';
  return `  HOST ${noIdle(s) ? 'NO IDLE CPU' : `BUSY ${Math.round(s.busyPercent)}%`}${stolen(s) ? `, STEAL ${Math.round(s.stealPercent)}%` : ''}`;
}
