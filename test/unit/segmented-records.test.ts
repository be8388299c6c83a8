// The consumer threads record each value in its segment of the run's timeline, which needs the run's start:
// records that arrive before the start is known (a busy machine can deliver the start message late) are held
// and put in their segment once it is, never in the wrong one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONSUMER_METRICS, LatencyRecorder } from '../../src/engine/histograms.js';
import { SegmentedRecords } from '../../src/engine/segmented-records.js';
import { WARMUP, timelineOf } from '../../src/engine/segments.js';
import { steadySchedule } from '../support/schedules.js';

const BASE_MS = 1_800_000_000_000;
// 100/s with a 1 s warm-up: slot 99 (0.99 s) is the warm-up's last, slot 100 (1 s) the run's first.
const timeline = timelineOf(steadySchedule(100, { warmup: 1, duration: 5 }));
const at = (s: number) => (BASE_MS + s * 1000) * 1000;

test('held until the start is known, then each in its segment', () => {
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  let start = 0;
  const records = new SegmentedRecords(latency, timeline, () => start);
  records.record('t', 5000, 4000, at(0.99)); // before the start is known: held
  records.record('t', 5000, 4000, at(1));
  assert.is(latency.segment(WARMUP, 'e2e').totalCount + latency.overall('e2e').totalCount, 0, 'nothing recorded yet');
  start = BASE_MS;
  records.record('t', 5000, 4000, at(2));
  assert.equal([latency.segment(WARMUP, 'e2e').totalCount, latency.overall('e2e').totalCount, latency.segment(WARMUP, 'e2e_uncorrected').totalCount], [1, 2, 1]);
});

test('without a timeline, or a start that never comes: recorded as the run\'s', () => {
  const plain = new LatencyRecorder(CONSUMER_METRICS);
  new SegmentedRecords(plain, undefined, () => 0).record('t', 5000, 4000, at(0.5));
  assert.is(plain.overall('e2e').totalCount, 1);
  const stuck = new LatencyRecorder(CONSUMER_METRICS);
  const records = new SegmentedRecords(stuck, timeline, () => 0);
  records.record('t', 5000, 4000, at(0.5));
  records.flush();
  assert.equal([stuck.overall('e2e').totalCount, stuck.segment(WARMUP, 'e2e').totalCount], [1, 0]);
});

test.run();
