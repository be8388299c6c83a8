// The consumer threads' results as one (mergeThreadReports): counts add up, received slots are united and a
// slot two threads both received is a duplicate, histograms add, resets are all kept, and a measurement
// that adopted its run takes it from the threads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeThreadReports } from '../../src/consumer/native-measure.js';
import { encode, newHistogram } from '../../src/engine/histograms.js';
import type { ConsumerThreadReport } from '../../src/engine/protocol.js';
import { SlotSet } from '../../src/engine/slot-set.js';

const slots = (...values: number[]) => {
  const set = new SlotSet();
  for (const v of values) set.add(v);
  return set.encode();
};
const histogram = (...values: number[]) => {
  const h = newHistogram();
  for (const v of values) h.recordValue(v);
  return encode(h);
};

function report(thread: number, over: Partial<ConsumerThreadReport>): ConsumerThreadReport {
  return {
    thread, runId: 'r', messages: 0, counts: { received: 0, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0 }, negative: 0,
    receivedSlots: {}, histograms: {}, segments: {}, last: null, resets: [], traced: [], ...over,
  };
}

test('counts, slots, histograms and resets of two threads merge into one measurement', () => {
  const merged = mergeThreadReports([
    report(0, {
      messages: 5, negative: 1, counts: { received: 3, duplicates: 1, out_of_order: 0, foreign: 1, unstamped: 0 },
      receivedSlots: { 0: slots(0, 1, 2) }, histograms: { e2e: { a: histogram(100, 200) }, e2e_uncorrected: { a: histogram(90) } },
      resets: [{ topic: 'a', partition: 1, offset: 5, resumedAt: 9, skipped: 4 }],
    }),
    report(1, {
      messages: 4, counts: { received: 3, duplicates: 0, out_of_order: 2, foreign: 0, unstamped: 1 },
      receivedSlots: { 0: slots(2, 3), 7: slots(5) }, histograms: { e2e: { a: histogram(300), b: histogram(400) } },
    }),
  ], 'r');
  // Producer 0: {0,1,2} and {2,3} -> 4 distinct, slot 2 twice; producer 7: {5}.
  assert.equal(merged.integrity.counts(), { received: 5, duplicates: 2, out_of_order: 2, foreign: 1, unstamped: 1 });
  assert.equal([...merged.integrity.receivedSlots().keys()].sort(), [0, 7]);
  assert.is(merged.integrity.receivedSlots().get(0)?.gaps(), 0);
  assert.is(merged.messages, 9);
  assert.is(merged.latency.negative, 1);
  assert.is(merged.latency.topics('e2e').get('a')?.totalCount, 3);
  assert.is(merged.latency.overall('e2e').totalCount, 4);
  assert.is(merged.latency.overall('e2e_uncorrected').totalCount, 1);
  assert.equal(merged.resets, [{ topic: 'a', partition: 1, offset: 5, resumedAt: 9, skipped: 4 }]);
  assert.is(merged.integrity.runId, 'r');
});

test('a measurement without a run id takes the one its thread adopted; none seen stays null', () => {
  assert.is(mergeThreadReports([report(0, { runId: null }), report(1, { runId: 'adopted' })], null).integrity.runId, 'adopted');
  assert.is(mergeThreadReports([report(0, { runId: null })], null).integrity.runId, null);
  assert.equal(mergeThreadReports([], null).integrity.counts(), { received: 0, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0 });
});

test.run();
