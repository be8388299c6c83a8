// .hlog interval logs: written in HdrHistogram's log format and read back to the same histograms, times and
// tags, so any HdrHistogram tool can read them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newHistogram } from '../../src/engine/histograms.js';
import { IntervalLog, readIntervalLog } from '../../src/engine/interval-log.js';

const BASE_MS = Date.UTC(2026, 10, 29, 12);

test('intervals come back with their times (seconds after the start), counts, percentiles and tags', () => {
  const log = new IntervalLog(BASE_MS);
  const first = newHistogram();
  for (let v = 1; v <= 1000; v++) first.recordValue(v * 10); // 10 us .. 10 ms
  log.add(first, BASE_MS, BASE_MS + 1000);
  const second = newHistogram();
  second.recordValue(250_000);
  log.add(second, BASE_MS + 1000, BASE_MS + 2000, 'product clicks'); // a tag may not hold spaces or commas
  const text = log.render('loadgen e2e, microseconds');
  assert.match(text, /^#loadgen e2e, microseconds\n#\[Histogram log format version 1\.3\]\n#\[StartTime: 1795953600\.000 /);
  assert.match(text, /"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n/);
  assert.match(text, /\nTag=product_clicks,1\.000,1\.000,250\.000,/); // Interval_Max in ms
  const read = readIntervalLog(text);
  assert.is(read.length, 2);
  assert.equal([read[0]?.startS, read[0]?.endS, read[0]?.tag], [0, 1, null]);
  assert.is(read[0]?.histogram.totalCount, 1000);
  assert.is(read[0]?.histogram.getValueAtPercentile(50), first.getValueAtPercentile(50));
  assert.equal([read[1]?.startS, read[1]?.tag, read[1]?.histogram.totalCount], [1, 'product_clicks', 1]);
  // Decoding keeps 3 significant digits: the max comes back as its bucket's top, within 0.1%.
  assert.ok(Math.abs((read[1]?.histogram.maxValue ?? 0) - 250_000) <= 250);
});

test('an empty log has only its header and no intervals', () => {
  const log = new IntervalLog(BASE_MS);
  assert.is(readIntervalLog(log.render('empty')).length, 0);
});

test.run();
