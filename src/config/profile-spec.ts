// `--profile`: a load shape as the user writes it, parsed into a LoadProfile (src/engine/load-profile.ts).
// Three spellings of the same thing:
//   shorthand  stages:30s@2000,1m@20000,30s@0   steps:10s@1000,10s@4000   diurnal:period=10m,min=2000,max=50000
//              spike:at=2m,rise=5s,factor=10,hold=1m,fall=30s   jitter:sd=5%,every=1s   (parts joined with +)
//   JSON       {"stages": [{"duration": "30s", "rate": 20000}], "spike": {...}, "jitter": {...}}
//              (a bare array is stages), inline or as the config file's "profile"
//   a file     --profile shapes/black-friday.json
// Every mistake is one line naming the field (exit 2): `--profile: stages[2].duration: ...`.
import { describe, errors } from '../errors.js';
import type { BaseShape, Jitter, Spike, Stage } from '../engine/load-profile.js';
import { parseDuration } from './option-values.js';

/** The highest rate a profile may ask for (as --rate). */
const MAX_RATE = 10_000_000;
const SHAPES = ['stages', 'steps', 'diurnal', 'spike', 'jitter'] as const;
const FIELDS = {
  diurnal: ['period', 'min', 'max', 'peak', 'weights'],
  spike: ['at', 'rise', 'factor', 'hold', 'fall', 'purchases'],
  jitter: ['sd', 'every'],
} as const;

export interface ProfileSources {
  /** Reads a file named in the profile (the profile itself, diurnal weights); throws if it cannot. */
  readonly readFile: (path: string) => string;
}

const fail = (field: string, message: string) => errors.usage(`--profile: ${field}: ${message}`);

/** What --profile gave: a base shape (null: only spikes or jitter, on top of --rate), spikes, jitter. */
export interface GivenProfile {
  readonly base: BaseShape | null;
  readonly spikes: readonly Spike[];
  readonly jitter: Jitter | null;
}

/** The profile in `raw`: a --profile string, or the config file's value. */
export function parseProfile(raw: unknown, sources: ProfileSources): GivenProfile {
  const profile = fromJson(typeof raw === 'string' ? fromText(raw.trim(), sources) : raw, sources);
  if (profile.base && !hasRate(profile.base)) throw errors.usage('--profile: every rate is 0: nothing would be sent');
  return profile;
}

function hasRate(base: BaseShape): boolean {
  switch (base.kind) {
    case 'flat':
      return base.rate > 0;
    case 'stages':
      return base.start > 0 || base.stages.some((s) => s.rate > 0);
    case 'steps':
      return base.steps.some((s) => s.rate > 0);
    case 'diurnal':
      return base.max > 0;
  }
}

/** Shorthand, inline JSON or a file name, as the JSON form. */
function fromText(text: string, sources: ProfileSources): unknown {
  if (text.startsWith('{') || text.startsWith('[')) return parseJson(text, 'its JSON');
  if (/^[a-z]+:/.test(text)) return fromShorthand(text);
  if (text === '') throw errors.usage('--profile: empty (expected a shape such as stages:30s@1000,30s@5000, JSON, or a JSON file)');
  return parseJson(readNamed(text, sources, 'the profile'), text);
}

function readNamed(path: string, sources: ProfileSources, what: string): string {
  try {
    return sources.readFile(path);
  } catch {
    throw errors.usage(`--profile: cannot read ${what} file ${path} (expected a shape such as stages:30s@1000,30s@5000, JSON, or a JSON file)`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw errors.usage(`--profile: ${where} is not valid JSON (${describe(err)})`);
  }
}

/** `stages:30s@1000,start=0+spike:at=1m,factor=3,...` as the JSON form. */
function fromShorthand(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of text.split('+')) {
    const colon = part.indexOf(':');
    const shape = colon < 0 ? part : part.slice(0, colon);
    const items = colon < 0 ? [] : part.slice(colon + 1).split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (!(SHAPES as readonly string[]).includes(shape)) throw errors.usage(`--profile: unknown shape "${shape}" (known: ${SHAPES.join(', ')})`);
    if (shape === 'stages' || shape === 'steps') {
      const stages: Record<string, unknown>[] = [];
      for (const item of items) {
        const start = /^start=(.*)$/.exec(item);
        if (start && shape === 'stages') out['start'] = start[1];
        else {
          const at = item.indexOf('@');
          if (at < 0) throw fail(`${shape}[${stages.length}]`, `"${item}" is not DURATION@RATE, e.g. 30s@2000`);
          stages.push({ duration: item.slice(0, at), rate: item.slice(at + 1) });
        }
      }
      if (shape in out) throw errors.usage(`--profile: ${shape} given twice`);
      out[shape] = stages;
    } else {
      const fields: Record<string, string> = {};
      for (const item of items) {
        const eq = item.indexOf('=');
        if (eq < 0) throw fail(shape, `"${item}" is not key=value`);
        fields[item.slice(0, eq)] = item.slice(eq + 1);
      }
      if (shape === 'spike') out['spike'] = [...((out['spike'] as unknown[] | undefined) ?? []), fields];
      else if (shape in out) throw errors.usage(`--profile: ${shape} given twice`);
      else out[shape] = fields;
    }
  }
  return out;
}

function fromJson(spec: unknown, sources: ProfileSources): GivenProfile {
  if (Array.isArray(spec)) spec = { stages: spec };
  if (typeof spec !== 'object' || spec === null) throw errors.usage('--profile: expected a shape such as stages:30s@1000,30s@5000, a JSON object or array, or a JSON file');
  const o = spec as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (![...SHAPES, 'start'].includes(key)) throw errors.usage(`--profile: unknown shape "${key}" (known: ${SHAPES.join(', ')})`);
  }
  const bases = (['stages', 'steps', 'diurnal'] as const).filter((k) => o[k] !== undefined);
  if (bases.length > 1) throw errors.usage(`--profile: ${bases.join(' and ')}: give one base shape`);
  if (o['start'] !== undefined && o['stages'] === undefined) throw fail('start', 'only stages have a start rate');
  let base: BaseShape | null = null;
  if (o['stages'] !== undefined) base = { kind: 'stages', start: o['start'] === undefined ? 0 : rate('start', o['start']), stages: stageList('stages', o['stages']) };
  else if (o['steps'] !== undefined) base = { kind: 'steps', steps: stageList('steps', o['steps']) };
  else if (o['diurnal'] !== undefined) base = diurnal(o['diurnal'], sources);
  const spikeSpecs = o['spike'] === undefined ? [] : Array.isArray(o['spike']) ? o['spike'] : [o['spike']];
  const spikes = spikeSpecs.map((s, i) => spike(spikeSpecs.length > 1 ? `spike[${i}]` : 'spike', s));
  return { base, spikes, jitter: o['jitter'] === undefined ? null : jitter(o['jitter']) };
}

function stageList(field: string, raw: unknown): Stage[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fail(field, 'expected a list of {"duration": "30s", "rate": 1000}');
  return raw.map((stage: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof stage !== 'object' || stage === null || Array.isArray(stage)) throw fail(at, 'expected {"duration": "30s", "rate": 1000}');
    const s = stage as Record<string, unknown>;
    for (const key of Object.keys(s)) if (key !== 'duration' && key !== 'rate') throw fail(at, `unknown key "${key}" (known: duration, rate)`);
    return { duration: seconds(`${at}.duration`, s['duration'], false), rate: rate(`${at}.rate`, s['rate']) };
  });
}

function diurnal(raw: unknown, sources: ProfileSources): BaseShape {
  const d = fields('diurnal', raw);
  const max = rate('diurnal.max', required('diurnal', d, 'max'));
  const min = d['min'] === undefined ? null : rate('diurnal.min', d['min']);
  if (min !== null && min > max) throw fail('diurnal.min', `${min} is above max (${max})`);
  const peakHour = d['peak'] === undefined ? 16 : number('diurnal.peak', d['peak'], 0, 24, 'an hour of the day from 0 to 24');
  let weights: number[] | null = null;
  if (d['weights'] !== undefined) {
    const w = typeof d['weights'] === 'string' ? weightsFile(d['weights'], sources) : d['weights'];
    if (!Array.isArray(w) || w.length !== 24) throw fail('diurnal.weights', 'expected 24 hourly weights (a JSON array, or a file of 24 numbers)');
    weights = w.map((x: unknown, h) => number(`diurnal.weights[${h}]`, x, 0, Infinity, 'a weight >= 0'));
    if (!weights.some((x) => x > 0)) throw fail('diurnal.weights', 'every weight is 0');
    if (d['peak'] !== undefined) throw fail('diurnal.peak', 'the weights say when the peak is: give peak or weights');
  }
  return { kind: 'diurnal', period: seconds('diurnal.period', required('diurnal', d, 'period'), false), min, max, peakHour, weights };
}

/** A weights file: a JSON array, or 24 numbers separated by commas, spaces or lines. */
function weightsFile(path: string, sources: ProfileSources): unknown {
  const text = readNamed(path, sources, 'the diurnal weights').trim();
  if (text.startsWith('[')) return parseJson(text, path);
  return text.split(/[\s,]+/).map((x) => (/^\d+(\.\d+)?$/.test(x) ? Number(x) : x));
}

function spike(field: string, raw: unknown): Spike {
  const s = fields(field, raw);
  const factor = number(`${field}.factor`, required(field, s, 'factor'), 0, 1000, 'a factor above 0 and at most 1000, e.g. 10');
  if (factor === 0) throw fail(`${field}.factor`, 'must be above 0');
  const spikeOf = {
    at: seconds(`${field}.at`, required(field, s, 'at'), true),
    rise: s['rise'] === undefined ? 0 : seconds(`${field}.rise`, s['rise'], true),
    factor,
    hold: seconds(`${field}.hold`, required(field, s, 'hold'), true),
    fall: s['fall'] === undefined ? 0 : seconds(`${field}.fall`, s['fall'], true),
    purchases: s['purchases'] === undefined ? 1 : number(`${field}.purchases`, s['purchases'], 0, 100, 'a factor from 0 to 100 on the share of sessions that buy'),
  };
  if (spikeOf.rise + spikeOf.hold + spikeOf.fall === 0) throw fail(field, 'rise, hold and fall are all 0: the spike would last no time');
  return spikeOf;
}

function jitter(raw: unknown): Jitter {
  const j = fields('jitter', raw);
  const sdRaw = required('jitter', j, 'sd');
  const percent = typeof sdRaw === 'string' && sdRaw.trim().endsWith('%');
  const sd = number('jitter.sd', percent ? (sdRaw as string).trim().slice(0, -1) : sdRaw, 0, percent ? 100 : 1, 'a standard deviation relative to the rate, from 0 to 1 (or 0% to 100%)');
  if (sd === 0) throw fail('jitter.sd', 'must be above 0');
  return { sd: percent ? sd / 100 : sd, every: j['every'] === undefined ? 1 : seconds('jitter.every', j['every'], false) };
}

/** An object of a shape's known keys (shorthand gives strings, JSON numbers or strings). */
function fields(field: string, raw: unknown): Record<string, unknown> {
  const shape = field.replace(/\[\d+\]$/, '') as keyof typeof FIELDS;
  const known: readonly string[] = FIELDS[shape];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail(field, `expected an object with ${known.join(', ')}`);
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw fail(field, `unknown key "${key}" (known: ${known.join(', ')})`);
  return raw as Record<string, unknown>;
}

function required(field: string, o: Record<string, unknown>, key: string): unknown {
  if (o[key] === undefined) throw fail(`${field}.${key}`, 'missing');
  return o[key];
}

function number(field: string, raw: unknown, min: number, max: number, expected: string): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) throw fail(field, `${JSON.stringify(raw)} is not ${expected}`);
  return value;
}

function rate(field: string, raw: unknown): number {
  return number(field, raw, 0, MAX_RATE, `a rate from 0 to ${MAX_RATE.toLocaleString('en-US')} events/s`);
}

/** Seconds from a duration ("30s", "2m", a number of seconds); 0 only where `zero` allows it. */
function seconds(field: string, raw: unknown, zero: boolean): number {
  if (zero && (raw === 0 || (typeof raw === 'string' && /^0+(\.0*)?(ms|s|m|h)?$/.test(raw.trim())))) return 0;
  try {
    return parseDuration(field, raw) / 1000;
  } catch {
    throw fail(field, `${JSON.stringify(raw)} is not a duration${zero ? '' : ' above 0'}, such as 500ms, 30s, 5m or 1h`);
  }
}
