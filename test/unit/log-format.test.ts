// --log-format json (src/cli/run-view.ts, src/telemetry/log.ts): every line on stdout is one JSON object with
// the run id, a level and a time; the text view keeps the progress line, the table and the threshold lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonView, textView } from '../../src/cli/run-view.js';
import type { ProgressSample } from '../../src/engine/monitor.js';
import type { LoadResult } from '../../src/run/run-load.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSummary, type RunSummary } from '../../src/report/summary.js';
import { evaluate, formatResult, parseAssertion } from '../../src/thresholds.js';
import { projectRoot } from '../support/paths.js';
import { recordingIo } from '../support/io.js';

const sample: ProgressSample = { t: 1, targetRate: 1000, ackedRate: 998, acked: 998, failed: 0, inFlight: 2, publishDelayP99: 0.5, ackP99: 3.2, saturated: false, brokerError: null };
const summary = { run_id: 'r-1', achieved_rate: 998, events: { produced: 1000, acked: 1000, failed: 0 } };

function result(): LoadResult {
  const thresholds = [evaluate(parseAssertion('events.failed==0'), summary), evaluate(parseAssertion('achieved_rate>=1000'), summary)];
  return { kind: 'written', dir: 'results/r-1', summary, thresholds, outcome: {}, consumer: null } as unknown as LoadResult;
}

test('json: one JSON object per line on stdout, each with the run id, a level and an ISO time; nothing on stderr', () => {
  const io = recordingIo();
  const view = jsonView(io, { quiet: false, runId: 'r-1' });
  view.notice({ kind: 'starting', text: 'run r-1: 1,000/s to k:9092' });
  view.progress(sample);
  view.notice({ kind: 'warning', text: 'warning: the summary has no consumer figures' });
  view.result(result());
  assert.is(io.stderr.length, 0);
  assert.is(io.progressLines.length, 0, 'not a terminal: no human progress line');
  const lines = io.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 6);
  for (const line of lines) {
    assert.is(line['run_id'], 'r-1');
    assert.ok(['info', 'warn', 'error'].includes(String(line['level'])), String(line['level']));
    assert.match(String(line['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  assert.equal(lines.map((l) => [l['level'], l['msg']]).slice(0, 3), [['info', 'run r-1: 1,000/s to k:9092'], ['info', 'progress'], ['warn', 'warning: the summary has no consumer figures']]);
  assert.equal([lines[1]?.['acked_rate'], lines[1]?.['ack_p99_ms'], lines[1]?.['target_rate']], [998, 3.2, 1000]);
  assert.equal(lines[3]?.['summary'], summary);
  assert.is(lines[3]?.['results'], 'results/r-1');
  assert.equal(lines.slice(4).map((l) => [l['level'], l['assertion'], l['status']]), [['info', 'events.failed==0', 'passed'], ['warn', 'achieved_rate>=1000', 'failed']]);
});

test('json on a terminal: the progress line stays human on stderr as well', () => {
  const io = { ...recordingIo(), progressIsTerminal: true };
  const lines: string[] = [];
  jsonView({ ...io, progress: (l) => lines.push(l) }, { quiet: false, runId: 'r-1' }).progress(sample);
  assert.is(lines.length, 1);
  assert.match(lines[0] ?? '', /^\[ +1s\] target 1,000\/s {2}acked 998\/s/);
  assert.is(io.stdout.length, 1);
});

test('text: the progress line, the table, the results directory and one line per threshold', () => {
  const io = recordingIo();
  const view = textView(io, { quiet: false });
  view.progress(sample);
  view.notice({ kind: 'starting', text: 'run r-1' });
  assert.equal(io.stderr, ['loadgen: run r-1']);
  assert.is(io.progressLines.length, 1);
  const fixture = JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/results/with-consumer/summary.json'), 'utf8')) as RunSummary;
  view.result({ ...result(), summary: fixture });
  assert.equal(io.stdout.slice(0, -3), renderSummary(fixture));
  assert.equal(io.stdout.slice(-3), ['results: results/r-1', ...result().thresholds.map(formatResult)]);
});

test.run();
