// Where an event belongs (src/engine/segments.ts): the warm-up or a phase, by slot (the producer threads,
// exact) or by intended time (the consumers), and the same answer either way on every slot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scheduledAt } from '../../src/engine/pacer.js';
import { rateCurve } from '../../src/engine/rate-curve.js';
import { WARMUP, hasSegments, segmentOfSlot, segmentOfTime, timelineOf } from '../../src/engine/segments.js';
import { runSlotOf } from '../../src/engine/thread-tally.js';
import { maxSchedule, steadySchedule } from '../support/schedules.js';

// Phases at 0 s (1,000/s), 4 s (3,000/s) and 6 s (500/s); a 2 s warm-up.
const schedule = { kind: 'curve', curve: rateCurve([[0, 1000], [4, 1000], [4, 3000], [6, 3000], [6, 500]]), count: Infinity, duration: 10, warmup: 2 } as const;
const timeline = timelineOf(schedule, [0, 4, 6]);

test('the timeline: the warm-up and each phase in slots, and cut midway between slots in time', () => {
  const round = (s: number) => Number(s.toFixed(9));
  assert.equal({ ...timeline, warmupEndS: round(timeline.warmupEndS), phaseStartsS: timeline.phaseStartsS.map(round) }, { warmupSlots: 2000, warmupEndS: 1.9995, phaseSlots: [0, 4000, 10_000], phaseStartsS: [0, 3.9995, 5.999833333] });
  assert.ok(!hasSegments(timelineOf(steadySchedule(100))));
  assert.ok(hasSegments(timelineOf(steadySchedule(100, { warmup: 1, duration: 5 }))));
});

test('by slot and by intended time alike, on every slot of the run', () => {
  // [slot, segment]
  const table: [number, number | null][] = [[0, WARMUP], [1999, WARMUP], [2000, 0], [3999, 0], [4000, 1], [9999, 1], [10_000, 2], [11_999, 2]];
  for (const [slot, segment] of table) assert.is(segmentOfSlot(timeline, slot, 0), segment, `slot ${slot}`);
  for (let slot = 0; slot < 12_000; slot++) {
    // The consumer sees the intended time to the microsecond.
    const intended = Math.round(scheduledAt(schedule, slot) * 1e6) / 1e6;
    assert.is(segmentOfTime(timeline, intended), segmentOfSlot(timeline, slot, 0), `slot ${slot} at ${intended}`);
  }
  // Without phases, events after the warm-up are the run's (null).
  const plain = timelineOf(steadySchedule(100, { warmup: 1, duration: 5 }));
  assert.equal([segmentOfSlot(plain, 99, 0), segmentOfSlot(plain, 100, 0), segmentOfTime(plain, 0.99), segmentOfTime(plain, 1)], [WARMUP, null, WARMUP, null]);
  // Without a warm-up, an intended time a hair before the start (slot 0, stamped to the microsecond) is no warm-up's.
  const phasesOnly = timelineOf({ ...schedule, warmup: 0 }, [0, 4]);
  assert.equal([segmentOfTime(phasesOnly, -0.0000004), segmentOfTime(phasesOnly, 0), segmentOfTime(phasesOnly, 4)], [0, 0, 1]);
  assert.is(segmentOfTime(timelineOf(steadySchedule(100, { duration: 5 })), -0.0000004), null);
  // --rate max: by when, not by slot.
  const max = timelineOf(maxSchedule({ warmup: 3 }));
  assert.equal([segmentOfSlot(max, 1e9, 2.9), segmentOfSlot(max, 0, 3)], [WARMUP, null]);
});

test('a producer thread\'s own slot as the run\'s: chunks dealt round robin', () => {
  // 3 streams, chunks of 10: stream 1 has chunks 1, 4, 7, ...: its slot 0 is the run's 10, its slot 12 the run's 42.
  const cut = { chunkSlots: 10, streams: 3 };
  assert.equal([0, 9, 10, 12, 25].map((s) => runSlotOf(cut, 1, s)), [10, 19, 40, 42, 75]);
});

test.run();
