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

/** Each chart of a report: its title, and each series' name with its number of points (or "no data"). */
function charts(html: string): { title: string; series: string[] }[] {
  return [...html.matchAll(/<svg class="chart"[^>]*><title>([^<]*)<\/title>(.*?)<\/svg>/gs)].map(([, title, body]) => ({
    title: title ?? '',
    series: />no data</.test(body ?? '') ? ['no data'] : [...(body ?? '').matchAll(/<path class="series" data-series="([^"]*)" d="([^"]*)"/g)].map(([, name, d]) => `${name} ${(d ?? '').split(/[ML]/).length - 1}`),
  }));
}

async function report(...args: string[]) {
  const io = recordingIo();
  const code = await runCli(['report', ...args], io);
  return { code, io };
}

// Golden output, read off the fixtures' summary.json: its figures to 4 significant digits (ack p99 8.639,
// 225,372 bytes as 0.2 MB); "-" for a percentile the older run did not record (p75, p99.99). The older run's
// p99.9 above its max is in its summary.json as written then, before max became the bucket's top value.
const OLDER_TEXT = [
  'run 20261129T115335Z-e2e0d8: complete, 3.0 s, target 200/s, achieved 200/s',
  'events: produced 600, acked 600, failed 0, invalid (not sent) 0, injected invalid 0, 0.2 MB acked',
  'consumer: not run (no end-to-end latency or loss check)',
  '',
  'latency (ms)            p50  p75    p90    p99  p99.9  p99.99    max  count',
  'publish delay         0.001    -  0.003  0.520  2.443       -  2.442    600',
  'ack                   6.263    -  6.355  8.639  9.855       -  9.852    600',
  'ack, uncorrected      6.263    -  6.351  8.599  9.855       -  9.852    600',
  '  product-clicks ack  6.263    -  6.355  8.639  9.855       -  9.852    600',
];
const WITH_CONSUMER_TEXT = [
  'run 20261129T131634Z-c6bd66: complete, 3.0 s, target 500/s, achieved 493/s',
  'events: produced 1,500, acked 1,500, failed 0, invalid (not sent) 0, injected invalid 0, 0.6 MB acked',
  'consumer: received 1,500, lost 0, duplicates 0, out of order 0',
  '',
  'latency (ms)                   p50    p75    p90    p99  p99.9  p99.99    max  count',
  'publish delay                0.002  0.004  0.196  8.167  20.61   22.50  22.50  1,500',
  'ack                          5.863  6.583  10.51  29.54  37.34   39.26  39.26  1,500',
  'ack, uncorrected             5.851  6.503  9.151  28.98  37.34   38.72  38.72  1,500',
  'end to end                   6.287  7.047  11.97  32.17  37.79   37.95  37.95  1,500',
  'end to end, uncorrected      6.271  6.935  10.41  31.28  37.79   37.95  37.95  1,500',
  '  product-clicks ack         5.863  6.583  10.55  29.63  37.34   39.26  39.26  1,499',
  '  product-clicks end to end  6.287  7.047  11.97  32.21  37.79   37.95  37.95  1,499',
  '  purchases ack              7.847  7.847  7.847  7.847  7.847   7.847  7.847      1',
  '  purchases end to end       13.42  13.42  13.42  13.42  13.42   13.42  13.42      1',
];

test('text: the end-of-run table of an older run, which had no consumer and no .hlog files', async () => {
  const { code, io } = await report(older);
  assert.is(code, 0, io.stderr.join('\n'));
  assert.equal(io.stdout, OLDER_TEXT);
});

test('text: the end-of-run table of a run with its consumer, per topic', async () => {
  const { code, io } = await report(withConsumer);
  assert.is(code, 0, io.stderr.join('\n'));
  assert.equal(io.stdout, WITH_CONSUMER_TEXT);
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
    const summary = JSON.parse(readFileSync(join(source, 'summary.json'), 'utf8')) as { run_id: string; started_at: string; config: { workers: number; brokers: string; seed: number } };
    assert.match(html, `<title>loadgen ${summary.run_id}</title>`);
    assert.match(html, `<h1>loadgen run ${summary.run_id}</h1>`);
    assert.match(html, `<p>complete; started ${summary.started_at}; ${summary.config.workers} worker thread(s) to ${summary.config.brokers}; seed ${summary.config.seed}</p>`);
    // The headline figures come first: achieved against the target, p99 (end to end, else ack), lost, failed.
    const figures = [...html.matchAll(/<div class="name">([^<]*)<\/div><div class="value">([^<]*)<\/div>/g)].map((m) => `${m[1]}: ${m[2]}`);
    assert.equal(figures, source === withConsumer ? ['achieved: 493/s', 'end-to-end p99: 32.2 ms', 'lost: 0', 'failed: 0'] : ['achieved: 200/s', 'ack p99: 8.64 ms', 'lost: not checked', 'failed: 0']);
    assert.ok(html.indexOf('id="headline"') < html.indexOf('id="summary"'));
    // The table is the terminal's, line for line.
    assert.match(html, `<pre id="summary">${(source === withConsumer ? WITH_CONSUMER_TEXT : OLDER_TEXT).join('\n')}</pre>`);
    // Each chart's title and its series with their number of points: one per whole second of summary.json's
    // per_second or of the e2e.hlog intervals (3: the last, partial second, under 0.25 s, is left out), one per percentile of the spectrum that the
    // run's count resolves (18 up to p85, then those with 1 / (1 - p) <= count: 18 more for 600, 22 for 1,500).
    // The older run has no .hlog files: its latency-over-time chart says "no data" rather than drawing nothing.
    assert.equal(charts(html), source === withConsumer ? [
      { title: 'Throughput (events/s)', series: ['target 3', 'acked 3', 'received (consumer) 3'] },
      { title: 'Latency over time, end to end (corrected), per second', series: ['end to end p50 3', 'end to end p99 3', 'end to end max 3'] },
      { title: 'Latency by percentile', series: ['end to end, corrected 40', 'end to end, uncorrected 40', 'ack, corrected 40', 'ack, uncorrected 40'] },
    ] : [
      { title: 'Throughput (events/s)', series: ['target 3', 'acked 3'] },
      { title: 'Latency over time, ack (corrected), per second', series: ['no data'] },
      { title: 'Latency by percentile', series: ['ack, corrected 36', 'ack, uncorrected 36'] },
    ]);
    // Nothing to fetch: no external scripts, styles, images or fonts.
    assert.not.match(html, /<link|<img|src=|url\(|@import/);
    assert.not.match(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    if (source === withConsumer) assert.match(html, /received \(consumer\)/);
    rmSync(dir, { recursive: true });
  }
});

test("html: a run that recorded its host draws the host's seconds as shares of its CPU time", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-report-host-'));
  cpSync(withConsumer, dir, { recursive: true });
  const progress = join(dir, 'progress.ndjson');
  // The third second's consumer had ended: its series has a point fewer.
  const hosts = [{ loadgen: 1.2, consumer: 0.2 }, { loadgen: 1.3, consumer: 0.3 }, { loadgen: 0.5 }];
  const lines = readFileSync(progress, 'utf8').trim().split('\n').map((line, i) => JSON.stringify({ ...JSON.parse(line), host: { cpus: 2, busyPercent: 90, stealPercent: 5, cores: hosts[i] } }));
  writeFileSync(progress, `${lines.join('\n')}\n`);
  const { code } = await report(dir, '--format', 'html');
  assert.is(code, 0);
  assert.equal(charts(readFileSync(join(dir, 'report.html'), 'utf8'))[3], {
    title: 'Host CPU (% of all CPUs), per second', series: ['busy 3', 'steal (hypervisor) 3', 'loadgen 3', 'consumer 2'],
  });
  rmSync(dir, { recursive: true });
});

test('html: a run that counted its sends per second draws them beside its acks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-report-sent-'));
  cpSync(withConsumer, dir, { recursive: true });
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { per_second: { t: number; acked: number; sent?: number }[] };
  summary.per_second = summary.per_second.map((p) => ({ ...p, sent: p.acked }));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  const { code } = await report(dir, '--format', 'html');
  assert.is(code, 0);
  assert.equal(charts(readFileSync(join(dir, 'report.html'), 'utf8'))[0], { title: 'Throughput (events/s)', series: ['target 3', 'sent 3', 'acked 3', 'received (consumer) 3'] });
  rmSync(dir, { recursive: true });
});

test('--compare: both runs side by side with the change of each figure', async () => {
  const { code, io } = await report(older, '--compare', withConsumer);
  assert.is(code, 0, io.stderr.join('\n'));
  // Golden: both summaries' figures as stored (3 decimals) and B / A - 1 to 0.1% (492.59 / 200.232 = +146.0%);
  // "-" where the older run has no figure, so no change either.
  assert.equal(io.stdout, [
    'A: 20261129T115335Z-e2e0d8 (complete, target 200)',
    'B: 20261129T131634Z-c6bd66 (complete, target 500)',
    '',
    '                                    A       B    change',
    'achieved events/s             200.232  492.59   +146.0%',
    'acked                             600   1,500   +150.0%',
    'failed                              0       0        0%',
    'lost                                -       0         -',
    'duplicates                          -       0         -',
    'publish delay p50 (ms)          0.001   0.002   +100.0%',
    'publish delay p75 (ms)              -   0.004         -',
    'publish delay p90 (ms)          0.003   0.196  +6433.3%',
    'publish delay p99 (ms)           0.52   8.167  +1470.6%',
    'publish delay p99.9 (ms)        2.443  20.607   +743.5%',
    'publish delay p99.99 (ms)           -  22.495         -',
    'publish delay max (ms)          2.442  22.495   +821.2%',
    'ack p50 (ms)                    6.263   5.863     -6.4%',
    'ack p75 (ms)                        -   6.583         -',
    'ack p90 (ms)                    6.355  10.511    +65.4%',
    'ack p99 (ms)                    8.639  29.535   +241.9%',
    'ack p99.9 (ms)                  9.855  37.343   +278.9%',
    'ack p99.99 (ms)                     -  39.263         -',
    'ack max (ms)                    9.852  39.263   +298.5%',
    'ack, uncorrected p50 (ms)       6.263   5.851     -6.6%',
    'ack, uncorrected p75 (ms)           -   6.503         -',
    'ack, uncorrected p90 (ms)       6.351   9.151    +44.1%',
    'ack, uncorrected p99 (ms)       8.599  28.975   +237.0%',
    'ack, uncorrected p99.9 (ms)     9.855  37.343   +278.9%',
    'ack, uncorrected p99.99 (ms)        -  38.719         -',
    'ack, uncorrected max (ms)       9.852  38.719   +293.0%',
  ]);
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
