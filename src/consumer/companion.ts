// The run's side of the companion consumer: starts `loadgen consume --companion` as a child process, waits
// until it has assigned every topic at its current end offset (so it reads everything the run will write),
// and at the end asks it to read up to what was produced and hand back its report.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoadgenError, errors } from '../errors.js';
import type { ExitCode } from '../errors.js';
import type { SlotSet } from '../engine/slot-set.js';
import type { ConsumerOutcome } from '../report/summary.js';
import { fromReport, type ConsumerReport, type FromCompanion, type IntervalMessage, type OpenMessage, type ProgressMessage, type ToCompanion } from './companion-protocol.js';
import { decode, type Histogram } from '../engine/histograms.js';
import { lostAgainst, unexpectedAgainst } from './integrity.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface Companion {
  /** The schedule's start (Unix ms). */
  start(baseMs: number): void;
  /**
   * After the producer's final flush: reads what was produced (up to drainTimeoutMs), then reports, with
   * the reason when its .hlog files could not be written.
   */
  finish(drainTimeoutMs: number): Promise<{ readonly report: ConsumerReport; readonly unwritten?: string }>;
  /** Ends the child at once (second signal, failures). */
  kill(): void;
  /** The child's process id (the run follows its CPU), if it has one. */
  readonly pid?: number;
}

/** What the companion reports once a second when `open.intervals` asks for it (the run's /metrics). */
export interface CompanionProgress {
  interval?(metric: IntervalMessage['metric'], interval: Histogram): void;
  progress?(message: ProgressMessage): void;
}

export async function startCompanion(open: Omit<OpenMessage, 'kind'>, progress: CompanionProgress = {}): Promise<Companion> {
  const child = fork(MAIN, ['consume', '--companion'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // The companion must never outlive the run, however the run ends.
  const killChild = () => child.kill('SIGKILL');
  process.on('exit', killChild);
  const send = (message: ToCompanion) => {
    if (child.connected) child.send(message);
  };
  const next = nextMessage(child, (m) => (m.kind === 'progress' ? progress.progress?.(m) : progress.interval?.(m.metric, decode(m.histogram))));
  send({ kind: 'open', ...open });
  const first = await next();
  if (first.kind !== 'ready') {
    killChild();
    throw first.kind === 'error' ? new LoadgenError(`companion consumer: ${first.message}`, first.exitCode as ExitCode) : errors.kafka('companion consumer', 'unexpected message');
  }
  return {
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    start: (baseMs) => send({ kind: 'start', baseMs }),
    finish: async (drainTimeoutMs) => {
      send({ kind: 'finish', drainTimeoutMs });
      const timer = setTimeout(killChild, drainTimeoutMs + 30_000);
      let answered = false;
      try {
        const answer = await next();
        if (answer.kind !== 'result') throw errors.kafka('companion consumer', answer.kind === 'error' ? answer.message : 'unexpected message');
        answered = true;
        return answer;
      } finally {
        clearTimeout(timer);
        process.off('exit', killChild);
        // With its report sent the child ends by itself once the channel closes; after a failure it may be
        // stuck (a client closing against a dead cluster), and a live child would keep this process alive.
        if (answered) child.disconnect?.();
        else killChild();
      }
    },
    kill: () => {
      killChild();
      process.off('exit', killChild);
    },
  };
}

/**
 * Messages from the child in order, but for intervals, which go to `onInterval` as they come; an exit before
 * the awaited message is an error.
 */
function nextMessage(child: ChildProcess, onProgress: (m: IntervalMessage | ProgressMessage) => void): () => Promise<FromCompanion> {
  const queue: FromCompanion[] = [];
  const waiting: { resolve: (m: FromCompanion) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  child.on('message', (message) => {
    const kind = (message as FromCompanion).kind;
    if (kind === 'interval' || kind === 'progress') {
      onProgress(message as IntervalMessage | ProgressMessage);
      return;
    }
    const w = waiting.shift();
    if (w) w.resolve(message as FromCompanion);
    else queue.push(message as FromCompanion);
  });
  child.on('exit', (code, signal) => {
    exited = errors.kafka('companion consumer', `exited early (${signal ?? `code ${code}`})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  return () => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

/** The report checked against what the producer had acknowledged: the summary's `consumer` and e2e histograms. */
export function consumerOutcome(report: ConsumerReport, acked: ReadonlyMap<number, SlotSet>): ConsumerOutcome {
  const { latency, receivedSlots } = fromReport(report);
  return {
    latency,
    receivedSlots,
    counts: {
      received: report.counts.received,
      lost: lostAgainst(acked, receivedSlots),
      duplicates: report.counts.duplicates,
      out_of_order: report.counts.out_of_order,
      unexpected: unexpectedAgainst(acked, receivedSlots),
      foreign: report.counts.foreign + report.counts.unstamped,
      negative_latencies: report.negative,
      drained: report.drained,
    },
  };
}
