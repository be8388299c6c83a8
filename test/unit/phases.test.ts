// A config file's "phases" (src/config/phases.ts): back to back in one schedule, each with its own load,
// consumer and properties; every mistake one line naming the file and the field (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeConfigFile, resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { targetBetween, totalSlots } from '../../src/engine/pacer.js';
import { usageErrorOf } from '../support/errors.js';

const context = { env: {}, nowMs: 0, randomU32: () => 1, readFile: (path: string) => (path === 'sale.json' ? '{"steps": [{"duration": "5s", "rate": 4000}]}' : '') };
const resolve = (file: Record<string, unknown>, flags: RunFlags = {}) => resolveRunConfig(mergeConfigFile(flags, file, 'run.json'), context);

test('phases end to end: one schedule, their targets, consumer pauses and properties', () => {
  const c = resolve({
    phases: [
      { name: 'backlog', duration: '10s', rate: 2000, consumer: 'paused' },
      { name: 'catch-up', duration: '5s', rate: 1000, properties: { 'linger.ms': 1 } },
      { profile: 'sale.json' },
    ],
  });
  assert.equal(c.phases.map((p) => [p.name, p.start, p.duration, p.consumer, p.properties]), [
    ['backlog', 0, 10, false, {}],
    ['catch-up', 10, 5, true, { 'linger.ms': '1' }],
    ['phase 3', 15, 5, true, {}],
  ]);
  assert.is(c.schedule.duration, 20);
  assert.is(totalSlots(c.schedule), 20_000 + 5000 + 20_000);
  assert.equal([[0, 1], [9, 10], [10, 11], [14, 15], [15, 16], [19, 20]].map(([a, b]) => targetBetween(c.schedule, a as number, b as number)), [2000, 2000, 1000, 1000, 4000, 4000]);
  // The timeline: each phase's first slot and start (cut midway between the slots either side of it).
  assert.equal(c.timeline.phaseSlots, [0, 20_000, 25_000]);
  assert.equal(c.timeline.phaseStartsS.map((s) => Number(s.toFixed(9))), [0, 9.99975, 14.9995]);
  assert.is(resolve({ phases: [{ duration: '1s', rate: 10 }] }, { warmup: '500ms' }).schedule.warmup, 0.5);
});

test('bad phases: one line naming the file and the field', () => {
  // [config file, expected message]
  const table: [Record<string, unknown>, RegExp][] = [
    [{ phases: [] }, /^--config run\.json: phases: expected a list of phases/],
    [{ phases: [{ duration: '1m' }] }, /^--config run\.json: phases\[0\]: give a rate or a profile/],
    [{ phases: [{ rate: 100 }] }, /^--config run\.json: phases\[0\]\.duration: missing/],
    [{ phases: [{ rate: 100, duration: '0s' }] }, /^--config run\.json: phases\[0\]\.duration: "0s" is not a duration above 0/],
    [{ phases: [{ rate: -1, duration: '1s' }] }, /^--config run\.json: phases\[0\]\.rate: -1 is not a rate above 0/],
    [{ phases: [{ rate: 1, duration: '1s', consumer: 'off' }] }, /^--config run\.json: phases\[0\]\.consumer: "off" is not "running" or "paused"/],
    [{ phases: [{ rate: 1, duration: '1s', speed: 2 }] }, /^--config run\.json: phases\[0\]: unknown key "speed"/],
    [{ phases: [{ rate: 1, duration: '1s', name: 'a' }, { rate: 1, duration: '1s', name: 'a' }] }, /^--config run\.json: phases\[1\]\.name: "a" is taken/],
    [{ phases: [{ duration: '1s', profile: 'steps:1s@-3' }] }, /^--config run\.json: phases\[0\]\.profile: steps\[0\]\.rate: "-3" is not a rate/],
    [{ phases: [{ rate: 5, profile: 'steps:1s@3' }] }, /^--config run\.json: phases\[0\]: its profile's steps give the rate: leave out rate and ramp/],
    [{ phases: [{ rate: 1, duration: '1s', properties: { acks: [1] } }] }, /^--config run\.json: phases\[0\]\.properties\.acks: expected a string/],
    [{ phases: [{ rate: 1, duration: '1s' }], rate: 5 }, /^--rate: the phases of run\.json give the rate and the length; leave --rate out/],
    [{ phases: [{ rate: 1, duration: '1s', properties: { 'linger.ms': 1 } }], producer: 'rdkafka' }, /^--producer rdkafka: phases with properties of their own need --producer native/],
  ];
  for (const [file, message] of table) assert.match(usageErrorOf(() => resolve(file)), message, JSON.stringify(file));
  assert.match(usageErrorOf(() => resolve({ phases: [{ rate: 1, duration: '2s' }] }, { duration: '5s' })), /^--duration: the phases of run\.json/);
  assert.match(usageErrorOf(() => resolve({ phases: [{ rate: 1, duration: '2s' }] }, { warmup: '2s' })), /^--warmup: 2 s leaves nothing of a 2 s run/);
});

test.run();
