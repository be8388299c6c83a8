// Scale-out: one run across N instances (processes or hosts). Instance I of N owns a disjoint share of the
// run's slots: the schedule's chunks are dealt round robin to N x W generation streams (W threads each), and
// instance I's thread w is stream I + N * w, which is also its producer id. That is exactly how one instance
// of N x W threads would deal them, so N instances together send the events, keys and times one instance
// would have sent, sessions and catalog included. They share the run id, the seed and the schedule, and
// --start-at puts slot 0 at the same moment on every host (as good as their clocks' sync).
import { errors } from '../errors.js';
import { mix32 } from '../model/random.js';
import { parseInteger } from './option-values.js';
import { runDefault, type RunFlags } from './run-options.js';

/** This process's place in a scaled-out run; a run of one instance is { count: 1, index: 0 }. */
export interface InstanceShare {
  readonly count: number;
  readonly index: number;
}

export const SINGLE: InstanceShare = Object.freeze({ count: 1, index: 0 });
/** Instances a run may have: their threads' streams (N x W) stay within the UUIDv7 layout's 4,096. */
export const MAX_INSTANCES = 1024;

/**
 * --instances and --instance, else LOADGEN_INSTANCES and LOADGEN_INSTANCE (or JOB_COMPLETION_INDEX, a
 * Kubernetes Indexed Job's), checked with what they need: the same seed and start on every instance.
 */
export function resolveInstances(flags: RunFlags, env: Readonly<Record<string, string | undefined>>, workers: number): InstanceShare {
  const countRaw = flags.instances ?? env['LOADGEN_INSTANCES'];
  const count = countRaw === undefined ? 1 : parseInteger(flags.instances === undefined ? 'LOADGEN_INSTANCES' : '--instances', countRaw, 1, MAX_INSTANCES);
  const indexFlag = flags.instance !== undefined ? '--instance' : env['LOADGEN_INSTANCE'] !== undefined ? 'LOADGEN_INSTANCE' : 'JOB_COMPLETION_INDEX';
  const indexRaw = flags.instance ?? env['LOADGEN_INSTANCE'] ?? env['JOB_COMPLETION_INDEX'];
  if (count === 1) {
    if (flags.instance !== undefined && flags.instance !== '0' && flags.instance !== 0) throw errors.usage('--instance needs --instances (how many instances share the run)');
    return SINGLE;
  }
  if (indexRaw === undefined) throw errors.usage(`--instances ${count} needs --instance (this instance's index, 0 to ${count - 1})`);
  const index = parseInteger(indexFlag, indexRaw, 0, count - 1);
  if (flags.seed === undefined) throw errors.usage(`--instances ${count} needs --seed: every instance must generate from the same seed`);
  if (flags.startAt === undefined) throw errors.usage(`--instances ${count} needs --start-at: every instance must start the schedule at the same moment`);
  if (count * workers > 4096) throw errors.usage(`--instances ${count} with --workers ${workers}: at most 4,096 threads in all`);
  if (flags.producer === 'rdkafka') throw errors.usage('--producer rdkafka: --instances needs --producer native');
  return { count, index };
}

/** Thread `worker`'s stream in instance `share`: I + N * w, so the N x W streams are 0 .. N x W - 1, once each. */
export function streamOf(share: InstanceShare, worker: number): number {
  return share.index + share.count * worker;
}

/** --start-at: an ISO 8601 time ("2026-12-01T10:00:00Z") or Unix milliseconds; null when not given. */
export function resolveStartAt(raw: unknown, nowMs: number): number | null {
  if (raw === undefined) return null;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const ms = /^\d{12,14}$/.test(text) ? Number(text) : /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw errors.invalidOption('--start-at', raw, 'an ISO 8601 time such as 2026-12-01T10:00:00Z, or Unix milliseconds');
  if (ms < nowMs) throw errors.usage(`--start-at ${new Date(ms).toISOString()} has passed (it is ${new Date(nowMs).toISOString()})`);
  return ms;
}

/**
 * The run id instances agree on without talking: the start time and the seed (a run of one instance draws
 * its suffix at random instead). `--run-id` overrides both.
 */
export function sharedRunId(startAtMs: number, seed: number): string {
  const stamp = new Date(startAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${mix32(seed ^ 0x5eed).toString(16).padStart(8, '0').slice(0, 6)}`;
}

/** A run id as given: letters, digits, '.', '_' and '-' (it goes into every record's header and a directory name). */
export function parseRunId(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw errors.invalidOption('--run-id', raw, "1 to 64 letters, digits, '.', '_' or '-'");
  return raw;
}

/** --processes: local instances of the run; not with --instances (which says this process is one of them). */
export function resolveProcesses(flags: RunFlags, instances: InstanceShare): number {
  const processes = parseInteger('--processes', flags.processes ?? runDefault('processes'), 1, 64);
  if (processes > 1 && instances.count > 1) throw errors.usage('--processes and --instances: give one (--processes starts the instances itself)');
  if (processes > 1 && flags.metricsPort !== undefined) throw errors.usage('--processes with --metrics-port: each process would need a port of its own; serve metrics from instances started with --instances');
  return processes;
}
