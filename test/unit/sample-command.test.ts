// `loadgen sample` as a user runs it: no broker, JSON Lines out, one-line errors with exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { recordingIo } from '../support/io.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

test('sample --sessions 1000 --seed 1 prints the events of exactly 1000 complete sessions', async () => {
  const io = recordingIo();
  assert.is(await runCli(['sample', '--sessions', '1000', '--seed', '1', '--start', '2026-01-01T00:00:00Z'], io), 0, io.stderr.join('\n'));
  const events = io.stdout.map((line) => JSON.parse(line) as { event_type: string; session_id?: string });
  assert.is(new Set(events.filter((e) => e.session_id).map((e) => e.session_id)).size, 1000);
  assert.ok(events.length > 3000);
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
  await runCli(['sample', '--sessions', '5'], drawn);
  assert.match(drawn.stderr[0] ?? '', /^loadgen: sample seed \d+ \(add --seed \d+ to replay it\)$/);
});

test('--format records shows topic, key, timestamp and the invalid marker; tombstones have a null value', async () => {
  const io = recordingIo();
  await runCli(['sample', '--sessions', '300', '--seed', '2', '--format', 'records', '--inject-invalid', '0.2', '--rate', '10'], io);
  const records = io.stdout.map((line) => JSON.parse(line) as { topic: string; key: string; timestamp: number; headers: Record<string, string>; value: unknown });
  assert.ok(records.some((r) => r.headers['loadgen-invalid']));
  assert.ok(records.every((r) => typeof r.key === 'string' && Number.isInteger(r.timestamp)));
  assert.ok(records.some((r) => r.topic === 'catalog-updates'), 'at 10 events/s the sample spans catalog buckets');
});

test('--stats prints the comparison table and no events', async () => {
  const io = recordingIo();
  assert.is(await runCli(['sample', '--sessions', '2000', '--seed', '3', '--stats'], io), 0);
  assert.match(io.stdout[0] ?? '', /^statistic\s+generated\s+REES46 reference$/);
  assert.ok(io.stdout.some((l) => l.startsWith('after view: view/cart/purchase/exit %')));
  assert.not.ok(io.stdout.some((l) => l.startsWith('{')));
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
  const ok = spawnSync(loadgenBin, ['sample', '--sessions', '10', '--seed', '1'], { cwd: projectRoot, encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stderr);
  // Like `loadgen sample --sessions 100000 | head -1`.
  const child = spawn(loadgenBin, ['sample', '--sessions', '100000', '--seed', '1'], { cwd: projectRoot });
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
