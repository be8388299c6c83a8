// The schedule a run asked for, resolved: --rate max, or the target rate curve of --profile (or of --rate
// with --ramp), or a config file's phases end to end; bounded by --count and --duration, with --warmup's
// seconds at its start. Pure, like the rest of run-config.ts (src/config/), which calls it.
import { errors } from '../errors.js';
import { buildCurve, profileLength, type LoadProfile } from '../engine/load-profile.js';
import type { Schedule } from '../engine/pacer.js';
import { parseDuration, parseInteger } from './option-values.js';
import { parsePhases, phasesCurve, type Phase } from './phases.js';
import { parseProfile } from './profile-spec.js';
import { runDefault, type RunFlags } from './run-options.js';

/** What resolveSchedule needs of the run's context: a file a --profile or a phase names. */
export interface ScheduleContext {
  readonly readFile?: (path: string) => string;
}

/**
 * The schedule: --rate max, or the target rate curve of --profile (or of --rate with --ramp), bounded by
 * --count and --duration (by default a profile's own length), with --warmup's seconds at its start.
 */
export function resolveSchedule(flags: RunFlags, seed: number, context: ScheduleContext): { schedule: Schedule; profile: LoadProfile | null; phases: Phase[] } {
  if (flags.phases !== undefined) return resolvePhases(flags, seed, context);
  const rate = parseRate(flags.rate ?? runDefault('rate'));
  const ramp = flags.ramp === undefined ? 0 : parseDuration('--ramp', flags.ramp) / 1000;
  if (rate === 'max' && ramp > 0) throw errors.usage('--ramp needs a numeric --rate, not max');
  const count = flags.count === undefined ? Infinity : parseInteger('--count', flags.count, 1);
  let duration = flags.duration === undefined ? Infinity : parseDuration('--duration', flags.duration) / 1000;
  const warmup = flags.warmup === undefined ? 0 : parseDuration('--warmup', flags.warmup) / 1000;
  if (rate === 'max') {
    if (flags.profile !== undefined) throw errors.usage('--profile shapes a target rate: leave out --rate max');
    checkWarmup(warmup, duration);
    return { schedule: { kind: 'max', count, duration, warmup }, profile: null, phases: [] };
  }
  const flat = { kind: 'flat', rate, ramp } as const;
  let profile: LoadProfile = { base: flat, spikes: [], jitter: null };
  if (flags.profile !== undefined) {
    const given = parseProfile(flags.profile, { readFile: context.readFile ?? noFiles });
    if (given.base && (flags.rate !== undefined || flags.ramp !== undefined)) {
      throw errors.usage(`--profile: its ${given.base.kind} give the rate: leave out --rate and --ramp`);
    }
    profile = { base: given.base ?? flat, spikes: given.spikes, jitter: given.jitter };
    if (flags.duration === undefined) duration = profileLength(profile);
  }
  checkWarmup(warmup, duration);
  try {
    return { schedule: { kind: 'curve', curve: buildCurve(profile, duration, seed), count, duration, warmup }, profile, phases: [] };
  } catch (err) {
    if (err instanceof RangeError) throw errors.usage(`--profile: ${err.message}`);
    throw err;
  }
}

/** A config file's phases: they give the rate and the length, so the options that would are refused. */
function resolvePhases(flags: RunFlags, seed: number, context: ScheduleContext): { schedule: Schedule; profile: null; phases: Phase[] } {
  const path = flags.configPath ?? 'the config file';
  for (const [key, flag] of [['rate', '--rate'], ['ramp', '--ramp'], ['profile', '--profile'], ['duration', '--duration'], ['count', '--count']] as const) {
    if (flags[key] !== undefined) throw errors.usage(`${flag}: the phases of ${path} give the rate and the length; leave ${flag} out`);
  }
  const phases = parsePhases(flags.phases, path, { readFile: context.readFile ?? noFiles });
  const duration = phases.reduce((sum, p) => sum + p.duration, 0);
  const warmup = flags.warmup === undefined ? 0 : parseDuration('--warmup', flags.warmup) / 1000;
  checkWarmup(warmup, duration);
  try {
    return { schedule: { kind: 'curve', curve: phasesCurve(phases, seed), count: Infinity, duration, warmup }, profile: null, phases };
  } catch (err) {
    if (err instanceof RangeError) throw errors.usage(`--config ${path}: phases: ${err.message}`);
    throw err;
  }
}

function checkWarmup(warmup: number, duration: number): void {
  if (warmup > 0 && warmup >= duration) throw errors.usage(`--warmup: ${warmup} s leaves nothing of a ${duration} s run to measure`);
}

const noFiles = (path: string): string => {
  throw new Error(`cannot read ${path}`);
};

function parseRate(raw: unknown): number | 'max' {
  if (raw === 'max') return 'max';
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 10_000_000) throw errors.invalidOption('--rate', raw, 'events per second (up to 10,000,000) or max');
  return value;
}
