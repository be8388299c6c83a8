// --profile as users write it (src/config/profile-spec.ts and resolveRunConfig): shorthand, JSON and files
// give the same profile; every bad profile is one line naming the field, exit 2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProfile } from '../../src/config/profile-spec.js';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { totalSlots } from '../../src/engine/pacer.js';
import { usageErrorOf } from '../support/errors.js';

const files: Record<string, string> = {
  'shape.json': '{"steps": [{"duration": "10s", "rate": 1000}, {"duration": "10s", "rate": 4000}]}',
  'hours.txt': Array.from({ length: 24 }, (_, h) => String(h + 1)).join('\n'),
  'bad.json': '{"steps": [',
};
const sources = {
  readFile: (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error('ENOENT');
    return text;
  },
};
const context = { env: {}, nowMs: 0, randomU32: () => 1, readFile: sources.readFile };
const resolve = (flags: RunFlags) => resolveRunConfig(flags, context);

test('shorthand, inline JSON and a file give the same profile', () => {
  const shorthand = parseProfile('steps:10s@1000,10s@4000', sources);
  assert.equal(parseProfile('{"steps": [{"duration": "10s", "rate": 1000}, {"duration": 10, "rate": "4000"}]}', sources), shorthand);
  assert.equal(parseProfile('shape.json', sources), shorthand);
  assert.equal(parseProfile({ steps: [{ duration: '10s', rate: 1000 }, { duration: '10s', rate: 4000 }] }, sources), shorthand);
  assert.equal(shorthand, { base: { kind: 'steps', steps: [{ duration: 10, rate: 1000 }, { duration: 10, rate: 4000 }] }, spikes: [], jitter: null });
  assert.equal(parseProfile('[{"duration": "1m", "rate": 50}]', sources).base, { kind: 'stages', start: 0, stages: [{ duration: 60, rate: 50 }] }, 'a bare array is stages');
});

test('parts joined with +: a day with a flash sale and jitter; hourly weights from a file', () => {
  const p = parseProfile('diurnal:period=10m,min=2000,max=50000+spike:at=2m,rise=5s,factor=10,hold=1m,fall=30s,purchases=2+jitter:sd=5%', sources);
  assert.equal(p.base, { kind: 'diurnal', period: 600, min: 2000, max: 50_000, peakHour: 16, weights: null });
  assert.equal(p.spikes, [{ at: 120, rise: 5, factor: 10, hold: 60, fall: 30, purchases: 2 }]);
  assert.equal(p.jitter, { sd: 0.05, every: 1 });
  const weighted = parseProfile('diurnal:period=24m,max=24000,weights=hours.txt', sources).base;
  assert.equal(weighted?.kind === 'diurnal' && weighted.weights?.slice(0, 3), [1, 2, 3]);
  assert.equal(parseProfile('stages:start=500,30s@2000', sources).base, { kind: 'stages', start: 500, stages: [{ duration: 30, rate: 2000 }] });
  assert.is(parseProfile('spike:at=0,factor=3,hold=10s', sources).base, null, 'a spike alone rides on --rate');
});

test('bad profiles: one line naming the field (exit 2)', () => {
  // [profile, expected message]
  const table: [unknown, RegExp][] = [
    ['steps:10s@-5', /^--profile: steps\[0\]\.rate: "-5" is not a rate/],
    ['stages:10s@100,0s@200', /^--profile: stages\[1\]\.duration: "0s" is not a duration above 0/],
    ['stages:10s@100,5s', /^--profile: stages\[1\]: "5s" is not DURATION@RATE/],
    ['wave:period=1m', /^--profile: unknown shape "wave" \(known: stages, steps, diurnal, spike, jitter\)/],
    ['{"wave": 1}', /^--profile: unknown shape "wave"/],
    ['[{"duration": "10s", "rate": 5, "ramp": 1}]', /^--profile: stages\[0\]: unknown key "ramp"/],
    ['steps:10s@0,5s@0', /^--profile: every rate is 0/],
    ['diurnal:period=10m', /^--profile: diurnal\.max: missing/],
    ['diurnal:period=10m,min=9,max=5', /^--profile: diurnal\.min: 9 is above max \(5\)/],
    ['diurnal:period=10m,max=5,weights=missing.txt', /^--profile: cannot read the diurnal weights file missing\.txt/],
    ['spike:at=1m,factor=0,hold=1s', /^--profile: spike\.factor: must be above 0/],
    ['spike:at=1m,factor=2,hold=0', /^--profile: spike: rise, hold and fall are all 0/],
    ['spike:at=1m,factor=2,hold=1s,speed=3', /^--profile: spike: unknown key "speed"/],
    ['jitter:sd=200%', /^--profile: jitter\.sd: "200" is not a standard deviation/],
    ['steps:10s@5+stages:10s@5', /^--profile: stages and steps: give one base shape/],
    ['bad.json', /^--profile: bad\.json is not valid JSON/],
    ['nothing.json', /^--profile: cannot read the profile file nothing\.json/],
    ['', /^--profile: empty/],
    [42, /^--profile: expected a shape/],
  ];
  for (const [profile, message] of table) assert.match(usageErrorOf(() => resolve({ profile, duration: '1m' })), message, String(profile));
});

test('with the run options: the profile gives the duration; --rate only under a spike; --warmup within the run', () => {
  const steps = resolve({ profile: 'steps:10s@1000,10s@4000,10s@1000', warmup: '5s' });
  assert.is(steps.schedule.duration, 30, 'the steps\' total');
  assert.is(totalSlots(steps.schedule), 60_000);
  assert.is(steps.schedule.warmup, 5);
  assert.is(resolve({ profile: 'steps:10s@1000', duration: '15s' }).schedule.duration, 15, '--duration wins; the last rate holds');
  const spiked = resolve({ rate: '2000', profile: 'spike:at=10s,factor=3,hold=5s', duration: '30s' });
  assert.equal(spiked.profile?.base, { kind: 'flat', rate: 2000, ramp: 0 });
  assert.is(totalSlots(spiked.schedule), 2000 * 30 + 2 * 2000 * 5);
  assert.match(usageErrorOf(() => resolve({ rate: '100', profile: 'steps:10s@1000' })), /^--profile: its steps give the rate: leave out --rate and --ramp/);
  assert.match(usageErrorOf(() => resolve({ rate: 'max', profile: 'steps:10s@1000' })), /^--profile shapes a target rate: leave out --rate max/);
  assert.match(usageErrorOf(() => resolve({ profile: 'steps:10s@1000', warmup: '10s' })), /^--warmup: 10 s leaves nothing of a 10 s run to measure/);
  assert.match(usageErrorOf(() => resolve({ warmup: 'soon' })), /^invalid value for --warmup: "soon"/);
  assert.match(usageErrorOf(() => resolve({ rate: '10', profile: 'jitter:sd=0.1' })), /^--profile: jitter needs an end/);
  assert.is(resolve({ rate: 'max', warmup: '2s', duration: '10s' }).schedule.warmup, 2);
});

test.run();
