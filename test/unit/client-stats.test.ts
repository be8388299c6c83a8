// librdkafka's statistics summarised (src/engine/client-stats.ts), from a real statistics JSON of the native
// producer against the local broker (test/fixtures/librdkafka-stats.json) and from tables of windows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { combineStats, summarizeStats, type ClientStats } from '../../src/engine/client-stats.js';
import { projectRoot } from '../support/paths.js';

test('a real statistics JSON: the broker RTT window, retries, queue depth; no batches in its window', () => {
  const s = summarizeStats(readFileSync(join(projectRoot, 'test/fixtures/librdkafka-stats.json'), 'utf8'));
  assert.equal(s, { rttP99Us: 1151, rttAvgUs: 714, retries: 0, queuedMessages: 0, batchBytesAvg: null, batchRecordsAvg: null });
});

test('windows: the worst broker p99, means weighted by requests and by batches; brokers without requests left out', () => {
  const json = JSON.stringify({
    msg_cnt: 42,
    brokers: {
      'a:9092/bootstrap': { txretries: 0, rtt: { avg: 0, p99: 0, cnt: 0 } },
      'a:9092/1': { txretries: 2, rtt: { avg: 1000, p99: 3000, cnt: 30 } },
      'b:9092/2': { txretries: 1, rtt: { avg: 2000, p99: 9000, cnt: 10 } },
    },
    topics: {
      clicks: { batchsize: { avg: 10_000, cnt: 3 }, batchcnt: { avg: 30, cnt: 3 } },
      purchases: { batchsize: { avg: 2_000, cnt: 1 }, batchcnt: { avg: 2, cnt: 1 } },
    },
  });
  assert.equal(summarizeStats(json), { rttP99Us: 9000, rttAvgUs: 1250, retries: 3, queuedMessages: 42, batchBytesAvg: 8000, batchRecordsAvg: 23 });
  assert.throws(() => summarizeStats('not json'));
  assert.equal(summarizeStats('{}'), { rttP99Us: null, rttAvgUs: null, retries: 0, queuedMessages: 0, batchBytesAvg: null, batchRecordsAvg: null });
});

test('threads combined: the worst p99, counts summed, means of what is known', () => {
  const a: ClientStats = { rttP99Us: 2000, rttAvgUs: 1000, retries: 1, queuedMessages: 10, batchBytesAvg: 4000, batchRecordsAvg: 10 };
  const b: ClientStats = { rttP99Us: null, rttAvgUs: null, retries: 2, queuedMessages: 5, batchBytesAvg: 2000, batchRecordsAvg: null };
  assert.equal(combineStats([a, b]), { rttP99Us: 2000, rttAvgUs: 1000, retries: 3, queuedMessages: 15, batchBytesAvg: 3000, batchRecordsAvg: 10 });
  assert.is(combineStats([]), null);
});

test.run();
