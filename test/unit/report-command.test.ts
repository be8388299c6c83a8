// `loadgen report` re-renders results directories without a broker: an older run (before the consumer and
// the .hlog files), a run with its consumer, two runs compared; bad directories and flags exit 2 in one line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { recordingIo } from '../support/io.js';
import { projectRoot } from '../support/paths.js';

const fixtures = join(projectRoot, 'test', 'fixtures', 'results');
const older = join(fixtures, 'older-run');
const withConsumer = join(fixtures, 'with-consumer');

async function report(...args: string[]) {
  const io = recordingIo();
  const code = await runCli(['report', ...args], io);
  return { code, io };
}

test('text: the end-of-run table of an older run, which had no consumer and no .hlog files', async () => {
  const { code, io } = await report(older);
  assert.is(code, 0, io.stderr.join('\n'));
  assert.match(io.stdout[0] ?? '', /^run 20261129T115335Z-e2e0d8: complete/);
  assert.ok(io.stdout.includes('consumer: not run (no end-to-end latency or loss check)'));
  assert.ok(io.stdout.some((l) => /^ack\s+\d/.test(l)));
});

test('json: summary.json as it was stored', async () => {
  const { code, io } = await report(withConsumer, '--format', 'json');
  assert.is(code, 0);
  assert.equal(JSON.parse(io.stdout.join('\n')), JSON.parse(readFileSync(join(withConsumer, 'summary.json'), 'utf8')));
});

test('html: writes report.html into the directory, self-contained, with its three charts', async () => {
  for (const source of [withConsumer, older]) {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-report-'));
    cpSync(source, dir, { recursive: true });
    const { code, io } = await report(dir, '--format', 'html');
    assert.is(code, 0, io.stderr.join('\n'));
    assert.equal(io.stdout, [join(dir, 'report.html')]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.is((html.match(/<svg class="chart"/g) ?? []).length, 3);
    // Nothing to fetch: no external scripts, styles, images or fonts.
    assert.not.match(html, /<link|<img|src=|url\(|@import/);
    assert.not.match(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    if (source === withConsumer) assert.match(html, /received \(consumer\)/);
    rmSync(dir, { recursive: true });
  }
});

test('--compare: both runs side by side with the change of each figure', async () => {
  const { code, io } = await report(older, '--compare', withConsumer);
  assert.is(code, 0, io.stderr.join('\n'));
  assert.match(io.stdout[0] ?? '', /^A: 20261129T115335Z-e2e0d8/);
  const rate = io.stdout.find((l) => l.startsWith('achieved events/s')) ?? '';
  assert.match(rate, /^achieved events\/s\s+[\d,.]+\s+[\d,.]+\s+[+-]\d+\.\d%$/);
  assert.ok(io.stdout.some((l) => /^ack p99 \(ms\)\s/.test(l)));
});

test('a missing or damaged directory, or a bad flag: one line, exit 2', async () => {
  const broken = mkdtempSync(join(tmpdir(), 'loadgen-broken-'));
  const cases: [string[], RegExp, () => void][] = [
    [['/nonexistent/run'], /no such results directory/, () => undefined],
    [[broken], /summary\.json: missing/, () => undefined],
    [[broken], /summary\.json: not valid JSON/, () => writeFileSync(join(broken, 'summary.json'), '{"run_id": ')],
    [[broken], /summary\.json: not a loadgen summary/, () => writeFileSync(join(broken, 'summary.json'), '{"run_id": "x"}')],
    [[broken], /e2e\.hlog: not a readable HdrHistogram log/, () => {
      cpSync(withConsumer, broken, { recursive: true });
      writeFileSync(join(broken, 'e2e.hlog'), '0.000,1.000,1.0,not-base64-at-all\n');
    }],
    [[withConsumer, '--format', 'pdf'], /invalid value for --format: "pdf"/, () => undefined],
    [[withConsumer, '--compare', withConsumer, '--format', 'json'], /--compare prints text/, () => undefined],
  ];
  for (const [args, message, setUp] of cases) {
    setUp();
    const { code, io } = await report(...args);
    assert.is(code, 2, args.join(' '));
    assert.is(io.stderr.length, 1, io.stderr.join('\n'));
    assert.match(io.stderr[0] ?? '', message);
  }
});

test.run();
