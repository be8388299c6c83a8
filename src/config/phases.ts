// A config file's "phases": runs of different load back to back in one run, one results directory. Each
// phase has its own rate or --profile shape and length, may pause the companion consumer (build a backlog,
// then measure how fast it catches up) and may give its producers their own librdkafka properties:
//
//   "phases": [
//     { "name": "backlog", "duration": "4m", "rate": 20000, "consumer": "paused" },
//     { "name": "catch-up", "duration": "2m", "rate": 20000 },
//     { "name": "sale", "profile": "steps:30s@20000,30s@60000", "properties": { "linger.ms": "20" } }
//   ]
//
// The schedule is one rate curve: the phases' curves end to end (src/engine/rate-curve.ts's concatCurves).
// Every mistake is one line naming the field (exit 2): `--config run.json: phases[1].duration: ...`.
import { LoadgenError, errors } from '../errors.js';
import { buildCurve, profileLength, type LoadProfile, type Spike } from '../engine/load-profile.js';
import { concatCurves, type RateCurve } from '../engine/rate-curve.js';
import { parseDuration } from './option-values.js';
import { parseProfile, type GivenProfile, type ProfileSources } from './profile-spec.js';

export interface Phase {
  readonly name: string;
  /** Seconds from the run's start. */
  readonly start: number;
  readonly duration: number;
  readonly profile: LoadProfile;
  /** false: the companion consumer reads nothing during the phase, and catches up after it. */
  readonly consumer: boolean;
  /** librdkafka properties of this phase's producers, over the run's. */
  readonly properties: Readonly<Record<string, string>>;
}

const KEYS = ['name', 'duration', 'rate', 'ramp', 'profile', 'consumer', 'properties'] as const;
const MAX_RATE = 10_000_000;

/** The phases of a config file's "phases" value (`path` names the file in errors). */
export function parsePhases(raw: unknown, path: string, sources: ProfileSources): Phase[] {
  const where = `--config ${path}: phases`;
  if (!Array.isArray(raw) || raw.length === 0) throw errors.usage(`${where}: expected a list of phases, e.g. [{"duration": "1m", "rate": 1000}]`);
  const phases: Phase[] = [];
  let start = 0;
  raw.forEach((item: unknown, i) => {
    const field = `${where}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw errors.usage(`${field}: expected an object with ${KEYS.join(', ')}`);
    const p = item as Record<string, unknown>;
    for (const key of Object.keys(p)) if (!(KEYS as readonly string[]).includes(key)) throw errors.usage(`${field}: unknown key "${key}" (known: ${KEYS.join(', ')})`);
    const profile = phaseProfile(p, field, sources);
    const own = profileLength(profile);
    const duration = p['duration'] === undefined ? own : seconds(`${field}.duration`, p['duration']);
    if (!Number.isFinite(duration)) throw errors.usage(`${field}.duration: missing (a phase at a flat rate needs one)`);
    const consumer = p['consumer'] ?? 'running';
    if (consumer !== 'running' && consumer !== 'paused') throw errors.usage(`${field}.consumer: ${JSON.stringify(consumer)} is not "running" or "paused"`);
    const name = p['name'] ?? `phase ${i + 1}`;
    if (typeof name !== 'string' || name.trim() === '') throw errors.usage(`${field}.name: expected a non-empty string`);
    if (phases.some((q) => q.name === name)) throw errors.usage(`${field}.name: "${name}" is taken by an earlier phase`);
    phases.push({ name, start, duration, profile, consumer: consumer === 'running', properties: properties(`${field}.properties`, p['properties']) });
    start += duration;
  });
  return phases;
}

/** A phase's load: a flat "rate" (with an optional "ramp") or a "profile" (shorthand, JSON or a file). */
function phaseProfile(p: Record<string, unknown>, field: string, sources: ProfileSources): LoadProfile {
  if (p['profile'] !== undefined) {
    const given = profileOf(p['profile'], sources, `${field}.profile`);
    if (given.base && (p['rate'] !== undefined || p['ramp'] !== undefined)) throw errors.usage(`${field}: its profile's ${given.base.kind} give the rate: leave out rate and ramp`);
    if (!given.base && p['rate'] === undefined) throw errors.usage(`${field}.rate: missing (the profile's spikes and jitter need a rate under them)`);
    return { base: given.base ?? flat(p, field), spikes: given.spikes, jitter: given.jitter };
  }
  if (p['rate'] === undefined) throw errors.usage(`${field}: give a rate or a profile`);
  return { base: flat(p, field), spikes: [], jitter: null };
}

/** parseProfile, its errors naming the phase's field rather than --profile. */
function profileOf(raw: unknown, sources: ProfileSources, field: string): GivenProfile {
  try {
    return parseProfile(raw, sources);
  } catch (err) {
    if (err instanceof LoadgenError) throw errors.usage(err.message.replace(/^--profile: /, `${field}: `));
    throw err;
  }
}

function flat(p: Record<string, unknown>, field: string): LoadProfile['base'] {
  const raw = p['rate'];
  const rate = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) throw errors.usage(`${field}.rate: ${JSON.stringify(raw)} is not a rate above 0 and at most ${MAX_RATE.toLocaleString('en-US')} events/s`);
  return { kind: 'flat', rate, ramp: p['ramp'] === undefined ? 0 : seconds(`${field}.ramp`, p['ramp']) };
}

function seconds(field: string, raw: unknown): number {
  try {
    return parseDuration(field, raw) / 1000;
  } catch {
    throw errors.usage(`${field}: ${JSON.stringify(raw)} is not a duration above 0, such as 30s, 5m or 1h`);
  }
}

function properties(field: string, raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.usage(`${field}: expected an object of librdkafka properties`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw errors.usage(`${field}.${k}: expected a string, number or boolean`);
    out[k] = String(v);
  }
  return out;
}

/** The phases' rate curves end to end: the run's target (each phase's jitter seeded apart). */
export function phasesCurve(phases: readonly Phase[], seed: number): RateCurve {
  return concatCurves(phases.map((p, i) => ({ curve: buildCurve(p.profile, p.duration, (seed + i) >>> 0), duration: p.duration })));
}

/** The phases' spikes on the run's clock (each phase's own start from its start), for the purchase boost. */
export function phasesSpikes(phases: readonly Phase[]): Spike[] {
  return phases.flatMap((p) => p.profile.spikes.filter((s) => s.at < p.duration).map((s) => ({ ...s, at: s.at + p.start })));
}
