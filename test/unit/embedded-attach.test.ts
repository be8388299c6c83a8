// `loadgen consume --embedded` and `topics --embedded` read the mock cluster of the `loadgen run --embedded`
// running on this host (issue 18): while the run lasts they find it, name it as librdkafka's test broker,
// and read what the run produces; with no such run, or with --brokers too, exit 2 in one line.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLoadgen, spawnLoadgen } from '../support/child.js';

const registry = mkdtempSync(join(tmpdir(), 'loadgen-attach-'));
const env = { ...process.env, LOADGEN_EMBEDDED_DIR: registry, KAFKA_BROKERS: '127.0.0.1:1' };
const bounded = { timeoutMs: 40_000, env };

test('with no run on this host: exit 2, one line; --brokers beside --embedded: exit 2', async () => {
  for (const args of [['topics', 'list', '--embedded'], ['consume', '--embedded', '--idle', '1s'], ['consume', '--print', '--topic', 'purchases', '--embedded']]) {
    const r = await runLoadgen(args, bounded);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^loadgen: --embedded: no `loadgen run --embedded` is running on this host for (topics|consume) to read .*\n$/);
  }
  const both = await runLoadgen(['consume', '--embedded', '--brokers', 'k:9092'], bounded);
  assert.is(both.status, 2);
  assert.is(both.stderr, 'loadgen: --embedded and --brokers: give one\n');
});

test('while a run --embedded lasts: topics lists its topics, consume prints and measures its records', async () => {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-attach-run-'));
  // The run lasts until the readers below have attached, and then the test ends it (SIGINT: drained, exit 0).
  // A fixed short run raced them: on a slow host three loadgen processes starting one after another outlasted
  // it, and the last reader found no cluster (exit 1, 'cannot reach Kafka').
  const run = spawnLoadgen(['--embedded', '--rate', '200', '--duration', '120s', '--out', out], { ...bounded, timeoutMs: 150_000 });
  let watching: ReturnType<typeof spawnLoadgen> | undefined;
  let measuring: ReturnType<typeof spawnLoadgen> | undefined;
  try {
    const started = await run.waitForLine('stderr', /^loadgen: run (\S+): /, 20_000);
    const runId = /^loadgen: run (\S+): /.exec(started)?.[1] ?? '';
    assert.equal(readdirSync(registry), [`${run.pid}.json`], 'announced');
    const named = new RegExp(`librdkafka's mock cluster of run ${runId} \\(pid ${run.pid}, 3 brokers at 127\\.0\\.0\\.1:\\d+.*; not Kafka\\)`);

    const topics = await runLoadgen(['topics', 'list', '--embedded'], bounded);
    assert.is(topics.status, 0, topics.stderr);
    assert.match(topics.stderr, named);
    for (const topic of ['product-clicks', 'cart-adds', 'cart-removes', 'purchases', 'catalog-updates']) assert.match(topics.stdout, new RegExp(`^${topic} +6$`, 'm'));

    // A reader with nothing to stop it but the run's end.
    watching = spawnLoadgen(['consume', '--print', '--topic', 'product-clicks', '--embedded'], bounded);
    const printed = await runLoadgen(['consume', '--print', '--topic', 'product-clicks', '--count', '3', '--embedded'], bounded);
    assert.is(printed.status, 0, printed.stderr);
    assert.match(printed.stderr, named);
    const records = printed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { topic: string; headers: { lg?: string } });
    assert.is(records.length, 3);
    for (const r of records) assert.ok(r.topic === 'product-clicks' && r.headers.lg?.startsWith(runId), 'the run\'s records');

    // From the beginning until the run (and its cluster) ended, which stops it long before --idle would:
    // every record the run acked, once. It prints its 'measuring' line once it has connected.
    const consumeOut = mkdtempSync(join(tmpdir(), 'loadgen-attach-consume-'));
    measuring = spawnLoadgen(['consume', '--embedded', '--run-id', runId, '--from-beginning', '--idle', '20s', '--out', consumeOut], bounded);
    assert.match(await measuring.waitForLine('stderr', /^loadgen: measuring /, 30_000), named);
    run.signal('SIGINT');
    const ran = await run.exited;
    assert.is(ran.status, 0, ran.stderr);
    const measured = await measuring.exited;
    assert.is(measured.status, 0, measured.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { events: { acked: number } };
    const consumer = JSON.parse(readFileSync(join(consumeOut, 'consumer.json'), 'utf8')) as { received: number; lost: number; duplicates: number; cluster?: unknown };
    assert.equal([consumer.received, consumer.lost, consumer.duplicates], [summary.events.acked, 0, 0]);
    assert.equal(consumer.cluster, { kind: 'mock', brokers: 3 });
    assert.equal(readdirSync(registry), [], 'withdrawn at the end');
    // The reader stops by itself once the run (and so its cluster) is gone, having printed the run's clicks.
    const watched = await watching.exited;
    assert.is(watched.status, 0, watched.stderr);
    assert.match(watched.stderr, new RegExp(`^loadgen: run ${runId} \\(pid ${run.pid}\\) has ended, and its mock cluster with it: stopping$`, 'm'));
    assert.match(watched.stderr, /^loadgen: printed [1-9]\d* record\(s\) from product-clicks, 0 invalid$/m);
  } finally {
    await run.kill();
    await watching?.kill();
    await measuring?.kill();
  }
});

test('a directory that cannot be written costs the announcement, never the run: one warning naming --brokers', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loadgen-attach-file-')), 'a-file');
  writeFileSync(file, '');
  const out = mkdtempSync(join(tmpdir(), 'loadgen-attach-run-'));
  const r = await runLoadgen(['--embedded', '--count', '50', '--rate', '100', '--out', out], { ...bounded, env: { ...env, LOADGEN_EMBEDDED_DIR: join(file, 'clusters') } });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /^loadgen: the mock cluster is not announced for consume\/topics --embedded \(ENOTDIR[^\n]*\); they can reach it with --brokers 127\.0\.0\.1:\d+/m);
  assert.match(r.stdout, /^consumer: received 50, lost 0/m);
});

test.run();
