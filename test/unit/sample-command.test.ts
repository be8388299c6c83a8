// `loadgen sample` as a user runs it: no broker, JSON Lines out, one-line errors with exit 2.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { runBounded, spawnBounded } from '../support/child.js';
import { recordingIo } from '../support/io.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

test('sample --sessions 1000 --seed 1 prints the events of exactly 1000 complete sessions', async () => {
  const io = recordingIo();
  assert.is(await runCli(['sample', '--sessions', '1000', '--seed', '1', '--start', '2026-01-01T00:00:00Z'], io), 0, io.stderr.join('\n'));
  const events = io.stdout.map((line) => JSON.parse(line) as { event_type: string; session_id?: string });
  assert.is(new Set(events.filter((e) => e.session_id).map((e) => e.session_id)).size, 1000);
  // Golden for seed 1: the sample changes only when the generator does, which must be deliberate (the same
  // seed gives the same events across versions; see random.test.ts).
  const types: Record<string, number> = {};
  for (const e of events) types[e.event_type] = (types[e.event_type] ?? 0) + 1;
  assert.equal(types, { product_click: 4302, cart_add: 86, purchase: 76, cart_remove: 63 });
  assert.is(events.length, 4527);
  assert.is(io.stdout[0], '{"event_id":"019b76da-a800-7000-8000-00fa1d603428","event_type":"product_click","event_time":"2026-01-01T00:00:00.000Z","schema_version":"1.0.0","session_id":"019b76da-a800-7000-8000-002c6c323506","user_id":178,"product_id":1005498,"category_id":1526,"category_code":"kids.toys.parts","brand":"kavisa","price":83.13,"currency":"USD","source":"home","position":6}');
  assert.is(createHash('sha256').update(io.stdout.join('\n')).digest('hex'), '613eafccb101c2400c5bb33e8a0afd8600a6bfa0fba02e027cbba38754b14d2a');
  assert.equal(io.stderr, [], 'a given seed is not announced');
});

test('the same command prints the same bytes; without --seed the drawn seed is announced', async () => {
  const argv = ['sample', '--sessions', '200', '--seed', '7', '--start', '1767225600000'];
  const a = recordingIo();
  const b = recordingIo();
  await runCli(argv, a);
  await runCli(argv, b);
  assert.equal(a.stdout, b.stdout);
  const drawn = recordingIo();
  await runCli(['sample', '--sessions', '5', '--start', '1767225600000'], drawn);
  const [, seed, again] = /^loadgen: sample seed (\d+) \(add --seed (\d+) to replay it\)$/.exec(drawn.stderr[0] ?? '') ?? [];
  assert.is(again, seed, drawn.stderr[0]);
  // The announced seed replays the sample.
  const replay = recordingIo();
  await runCli(['sample', '--sessions', '5', '--start', '1767225600000', '--seed', seed ?? ''], replay);
  assert.ok(drawn.stdout.length > 0);
  assert.equal(replay.stdout, drawn.stdout);
});

test('--format records shows topic, key, timestamp and the invalid marker; tombstones have a null value', async () => {
  const io = recordingIo();
  await runCli(['sample', '--sessions', '300', '--seed', '2', '--format', 'records', '--inject-invalid', '0.2', '--rate', '10'], io);
  const records = io.stdout.map((line) => JSON.parse(line) as { topic: string; key: string; timestamp: number; headers: Record<string, string>; value: unknown });
  assert.ok(records.every((r) => typeof r.key === 'string' && Number.isInteger(r.timestamp)));
  // Golden for seed 2. At 10 events/s the sample spans many catalog buckets: catalog updates, 14 of them
  // tombstones (a delisted product: null value, keyed by its id). 603 of 2,903 records (20.8%) are marked
  // invalid, about evenly over the five ways of breaking one.
  const count = (of: (r: (typeof records)[number]) => string | undefined) => {
    const n: Record<string, number> = {};
    for (const r of records) {
      const k = of(r);
      if (k !== undefined) n[k] = (n[k] ?? 0) + 1;
    }
    return n;
  };
  assert.is(records.length, 2903);
  assert.equal(count((r) => r.topic), { 'product-clicks': 1277, 'cart-adds': 27, purchases: 16, 'cart-removes': 18, 'catalog-updates': 1565 });
  assert.equal(count((r) => r.headers['loadgen-invalid']), { negative_amount: 119, wrong_type: 125, unknown_field: 116, missing_field: 114, bad_time: 129 });
  const tombstones = records.filter((r) => r.value === null);
  assert.is(tombstones.length, 14);
  assert.ok(tombstones.every((r) => r.topic === 'catalog-updates' && /^\d+$/.test(r.key)), 'tombstones are delisted products');
  assert.equal(records[0], {
    topic: 'product-clicks', key: '019b76da-a800-7000-8000-000f09232510', timestamp: 1767225600000, headers: {},
    value: {
      event_id: '019b76da-a800-7000-8000-004b140269ef', event_type: 'product_click', event_time: '2026-01-01T00:00:00.000Z', schema_version: '1.0.0',
      session_id: '019b76da-a800-7000-8000-000f09232510', user_id: 61, product_id: 1059363, category_id: 1064, category_code: 'country_yard.grill',
      brand: 'vitelo', price: 30.73, currency: 'USD', source: 'search', position: 4,
    },
  });
});

test('--stats prints the comparison table and no events', async () => {
  const io = recordingIo();
  assert.is(await runCli(['sample', '--sessions', '2000', '--seed', '3', '--stats'], io), 0);
  // Golden for seed 3; the reference column is REES46's published figures (DEFAULT_SCENARIO's source).
  assert.equal(io.stdout, [
    'statistic                                  generated                     REES46 reference',
    'events                                     9,844',
    'sessions (seed 3)                          2,000',
    '  product_click                            9,313',
    '  cart_add                                 216',
    '  purchase                                 171',
    '  cart_remove                              144',
    'view share                                 96.01%                        96.00%',
    'cart-add share                             2.23%                         2.20%',
    'purchase share                             1.76%                         1.75%',
    'cart adds per 1,000 views                  23.2                          22.7',
    'purchases per 1,000 views                  18.4                          18.2',
    'cart removals per cart add                 0.667                         0.685',
    'after view: view/cart/purchase/exit %      76.44 / 1.85 / 1.05 / 20.66   75.40 / 1.82 / 1.05 / 21.73',
    'after cart: view/cart/purchase/exit %      37.96 / 19.91 / 33.80 / 8.33  36.28 / 19.42 / 33.72 / 10.57',
    'after purchase: view/cart/purchase/exit %  65.50 / 0.58 / 0.00 / 33.92   60.37 / 0.31 / 0.12 / 39.20',
    'events per session p50/p75/p90/p95/p99     2 / 5 / 12 / 17 / 31          2 / 5 / 11 / 16 / 32',
    'events per session, mean                   4.85                          4.59',
    'sessions with one event                    33.25%                        35.40%',
    'popularity (Zipf exponent)                 0.848                         0.880',
    'price median / p90 / max (catalog)         165.30 / 745.37 / 2579.33     163 / 743 / 2600',
    'products bought per buying session         1.117                         1.180',
    'users with one session (in this window)    100.00%                       48.80% (a month)',
    'distinct products / categories / brands    5,194 / 624 / 2,301           166,794 / 624 / ~3,400',
  ]);
});

test('bad input is one line and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-sample-'));
  writeFileSync(join(dir, 'common.schema.json'), '{not json');
  // [argv, text in the message]
  const cases: [string[], string][] = [
    [['--sessions', '-1'], '--sessions'],
    [['--sessions', '0'], '--sessions'],
    [['--seed', 'abc'], '--seed'],
    [['--format', 'xml'], '--format'],
    [['--rate', '0'], '--rate'],
    [['--inject-invalid', '1.5'], '--inject-invalid'],
    [['--start', 'yesterday'], '--start'],
    [['--scenario', join(dir, 'missing.json')], 'cannot read'],
    [['--schemas', dir], 'is not valid JSON'],
  ];
  for (const [args, needle] of cases) {
    const io = recordingIo();
    assert.is(await runCli(['sample', ...args], io), 2, args.join(' '));
    assert.is(io.stderr.length, 1, io.stderr.join('\n'));
    assert.match(io.stderr[0] ?? '', needle);
  }
});

test('works as an executable without a broker, and stops quietly when the reader goes away', async () => {
  const ok = await runBounded(loadgenBin, ['sample', '--sessions', '10', '--seed', '1'], { cwd: projectRoot, timeoutMs: 30_000 });
  assert.is(ok.status, 0, ok.stderr);
  // Like `loadgen sample --sessions 100000 | head -1`.
  const child = spawnBounded(loadgenBin, ['sample', '--sessions', '100000', '--seed', '1'], { cwd: projectRoot, timeoutMs: 60_000 }).process;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.match(first, /^\{"event_id"/);
  assert.is(code, 0, stderr);
  assert.is(stderr, '');
});

test.run();
