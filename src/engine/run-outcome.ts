// What a run leaves behind, whichever producer design ran it: the outcome the summary, the results directory
// and the thresholds are built from, and the handle the CLI stops or snapshots a run with.
import type { RunCounts } from './accounting.js';
import type { LatencyRecorder } from './histograms.js';
import type { ProducerLogs, ProgressSample } from './monitor.js';
import type { GeneratorReport } from './protocol.js';
import type { Sender } from './sender.js';

export interface RunOutcome {
  /**
   * aborted: the cluster stopped settling deliveries for longer than message.timeout.ms + STALL_GRACE_MS, or
   * a producer thread failed (`failure` says why).
   */
  readonly status: 'complete' | 'interrupted' | 'aborted';
  /** Why a producer thread failed mid-run (--producer native); the others drained, its in-flight failed. */
  readonly failure?: string;
  readonly startedAtMs: number;
  readonly durationS: number;
  readonly accounting: RunCounts;
  readonly latency: LatencyRecorder;
  /** One-second interval histograms of each producer metric (.hlog). */
  readonly logs: ProducerLogs;
  readonly sender: Pick<Sender, 'sent' | 'stalls' | 'queueFull'>;
  readonly generators: readonly GeneratorReport[];
  readonly progress: readonly ProgressSample[];
  readonly abandoned: number;
}

export interface LoadRun {
  /** Graceful stop (first signal): stop sending, flush, finish. */
  stop(): void;
  /** What is known now, for a partial summary (second signal). */
  snapshot(): RunOutcome;
  readonly done: Promise<RunOutcome>;
}
