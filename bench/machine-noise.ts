// How quiet the machine is, measured with nothing of loadgen's running, so that a benchmark's latency figures
// can be read against it. The headline's publish-delay p99 is a scheduling figure: each producer thread
// waits for its records' send times in waits of about 250 us, and a record goes out late by however late the
// thread wakes. On this project's 2-core virtual machine the same build's headline measured 2.8-3.9 ms one
// evening and 15-139 ms the next morning (docs/benchmarks.md): that morning, with the machine otherwise
// idle, one thread's 250 us waits woke up 0.9-3.5 ms late one time in a thousand, and a thread spinning on
// each core was off it 2-7% of the time, in gaps of up to 23 ms. The spinning threads see next to no steal
// time in /proc/stat; a loaded run, whose threads sleep and wake thousands of times a second, saw 20-70% in
// some seconds (2026-12-01), which each run now reports itself (src/engine/host-load.ts).
//
// Two probes, one after the other (spinning threads would delay the waits):
//   - wake-up lateness: one thread waits 250 us at a time (Atomics.wait, a condition variable's timed wait,
//     as the producer threads' native waits) and records how late each wait returns;
//   - off-CPU time: one thread per core reads the clock in a loop; a gap over 50 us between two reads is time
//     the thread did not run (taken by the host, an interrupt, or another process).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { systemClock } from '../src/engine/clock.js';
import { quantile } from '../src/model/statistics.js';

/** The wait the producer threads make between records due close together (kWaitQuantumUs, native). */
export const WAIT_US = 250;
/** A gap between two clock reads of a spinning thread longer than this is time it did not run. */
export const GAP_US = 50;

export interface WakeupLateness {
  readonly waits: number;
  readonly p50_us: number;
  readonly p99_us: number;
  readonly p999_us: number;
  readonly max_us: number;
}

export interface OffCpu {
  /** Of the probe's wall time, the share in gaps, %. */
  readonly percent: number;
  readonly gaps: number;
  readonly max_gap_us: number;
}

export interface MachineNoise {
  readonly seconds: number;
  readonly wake_late: WakeupLateness;
  /** One per spinning thread (one per core). */
  readonly off_cpu: readonly OffCpu[];
}

/** The clock and the wait, passed in (tests script them). */
export interface ProbeClock {
  /** Microseconds, monotonic. */
  nowUs(): number;
  /** Blocks the calling thread for about `us`. */
  waitUs(us: number): void;
}

const waitCell = new Int32Array(new SharedArrayBuffer(4));
export const realProbeClock: ProbeClock = {
  // The run's own clock (performance.now() based, so monotonic; sub-microsecond at today's epoch offsets).
  nowUs: systemClock.nowUs,
  // Nothing ever notifies the cell: the wait always times out, after `us` or later.
  waitUs: (us) => void Atomics.wait(waitCell, 0, 0, us / 1000),
};

/** Waits WAIT_US at a time for `seconds`; how late the waits returned. */
export function wakeupLateness(seconds: number, clock: ProbeClock = realProbeClock): WakeupLateness {
  const late: number[] = [];
  const endUs = clock.nowUs() + seconds * 1e6;
  for (let start = clock.nowUs(); start < endUs; start = clock.nowUs()) {
    clock.waitUs(WAIT_US);
    late.push(Math.max(0, clock.nowUs() - start - WAIT_US));
  }
  late.sort((a, b) => a - b);
  const q = (p: number) => Math.round(quantile(late, p));
  return { waits: late.length, p50_us: q(0.5), p99_us: q(0.99), p999_us: q(0.999), max_us: Math.round(late[late.length - 1] ?? Number.NaN) };
}

/** Reads the clock in a loop for `seconds`: the time in gaps over GAP_US between two reads. */
export function offCpu(seconds: number, nowUs: () => number = realProbeClock.nowUs): OffCpu {
  const startUs = nowUs();
  const endUs = startUs + seconds * 1e6;
  let last = startUs;
  let offUs = 0;
  let gaps = 0;
  let maxGapUs = 0;
  for (let now = nowUs(); ; now = nowUs()) {
    const gap = now - last;
    if (gap > GAP_US) {
      offUs += gap;
      gaps++;
      maxGapUs = Math.max(maxGapUs, gap);
    }
    last = now;
    if (now >= endUs) break;
  }
  return { percent: (100 * offUs) / Math.max(1, last - startUs), gaps, max_gap_us: Math.round(maxGapUs) };
}

/** Both probes, `seconds` each, on the real clock: the spinning threads are worker threads, one per core. */
export async function measureMachineNoise(seconds = 5): Promise<MachineNoise> {
  const wake = wakeupLateness(seconds);
  const spinners = Array.from({ length: availableParallelism() }, () => {
    const worker = new Worker(new URL('./machine-noise-spinner.js', import.meta.url), { workerData: { seconds } });
    return new Promise<OffCpu>((resolve, reject) => {
      worker.once('message', (m: OffCpu) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`machine-noise spinner exited with code ${code} before reporting`)));
    });
  });
  return { seconds, wake_late: wake, off_cpu: await Promise.all(spinners) };
}

const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);

/** One line, for a benchmark's output and its bench.md. */
export function describeMachineNoise(n: MachineNoise): string {
  const w = n.wake_late;
  const off = n.off_cpu.map((c) => `${c.percent.toFixed(1)}%`).join(' / ');
  const maxGap = Math.max(0, ...n.off_cpu.map((c) => c.max_gap_us));
  return `machine noise (idle, ${n.seconds} s each): ${WAIT_US} us waits late by p50 ${ms(w.p50_us)} / p99 ${ms(w.p99_us)} / p99.9 ${ms(w.p999_us)} / max ${ms(w.max_us)} ms; ` +
    `spinning threads off-CPU ${off} (longest gap ${ms(maxGap)} ms)`;
}
