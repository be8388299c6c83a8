// --trace-sample with --zipkin-endpoint against a real Zipkin server (its jar from Maven Central,
// scripts/zipkin-server.sh) and the real broker: each sampled event is one trace holding the run's PRODUCER
// span and the companion's CONSUMER span, its child; the trace id is the event's id, and the record on the
// broker carries the matching W3C traceparent header (read back with kcat).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { runLoadgen, spawnBounded } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';
import { pollUntil } from '../support/wait.js';
import { freePort } from '../support/ports.js';

interface ZipkinSpan {
  readonly traceId: string;
  readonly id: string;
  readonly parentId?: string;
  readonly kind?: string;
  readonly name: string;
  readonly duration?: number;
  readonly localEndpoint?: { readonly serviceName?: string };
  readonly tags?: Readonly<Record<string, string>>;
}

test('each sampled event is one trace: producer span, consumer span as its child, the event id as trace id', async () => {
  const jar = spawnSync(join(projectRoot, 'scripts/zipkin-server.sh'), { encoding: 'utf8' });
  assert.is(jar.status, 0, jar.stderr);
  const port = await freePort();
  const zipkin = spawnBounded('java', ['-Xmx512m', '-jar', jar.stdout.trim(), `--server.port=${port}`, '--server.address=127.0.0.1'], { timeoutMs: 240_000 });
  const api = `http://127.0.0.1:${port}/api/v2`;
  try {
    await pollUntil('Zipkin up', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 120_000, intervalMs: 500 });
    const out = join(mkdtempSync(join(tmpdir(), 'loadgen-traces-')), 'run');
    const run = await runLoadgen(
      ['run', '--count', '2000', '--rate', '1000', '--trace-sample', '0.05', '--zipkin-endpoint', `${api}/spans`, '--brokers', BROKERS, '--out', out, '--quiet'],
      { timeoutMs: 90_000 },
    );
    assert.is(run.status, 0, run.stderr);
    assert.not.match(run.stderr, /warning/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.consumer?.lost, 0);
    const query = `${api}/traces?limit=10000&lookback=3600000&annotationQuery=${encodeURIComponent(`loadgen.run_id=${summary.run_id}`)}`;
    // Zipkin indexes what it is sent within a moment; both services' spans are there once the counts agree.
    const traces = await pollUntil('every trace with both spans', async () => {
      const t = (await (await fetch(query)).json()) as ZipkinSpan[][];
      return t.length > 0 && t.every((spans) => spans.length === 2) ? t : null;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    // 5% of 2,000 events: 100 expected; the binomial sd is under 10.
    assert.ok(traces.length >= 60 && traces.length <= 140, `${traces.length} traces`);
    for (const spans of traces) {
      const producer = spans.find((s) => s.kind === 'PRODUCER');
      const consumer = spans.find((s) => s.kind === 'CONSUMER');
      assert.ok(producer && consumer, JSON.stringify(spans));
      assert.is(consumer.parentId, producer.id);
      assert.is(consumer.traceId, producer.traceId);
      assert.match(producer.traceId, /^[0-9a-f]{32}$/);
      assert.ok((producer.duration ?? 0) > 0, 'send to ack takes time');
      assert.equal([producer.localEndpoint?.serviceName, consumer.localEndpoint?.serviceName], ['loadgen', 'loadgen-consumer']);
      assert.is(producer.name, `send ${consumer.tags?.['messaging.destination.name']}`);
    }
    // Three records read back by where the consumer spans say they were: the header and the event id match.
    for (const spans of traces.slice(0, 3)) {
      const consumer = spans.find((s) => s.kind === 'CONSUMER') as ZipkinSpan;
      const producer = spans.find((s) => s.kind === 'PRODUCER') as ZipkinSpan;
      const tags = consumer.tags ?? {};
      const kcat = spawnSync('kcat', [
        '-C', '-b', BROKERS, '-t', tags['messaging.destination.name'] ?? '', '-p', tags['messaging.destination.partition.id'] ?? '', '-o', tags['messaging.kafka.offset'] ?? '', '-c', '1', '-e', '-f', '%h\n%s\n',
      ], { encoding: 'utf8', timeout: 30_000 });
      assert.is(kcat.status, 0, kcat.stderr);
      const [headers, value] = kcat.stdout.split('\n');
      assert.match(headers ?? '', new RegExp(`traceparent=00-${producer.traceId}-${producer.id}-01`));
      const event = JSON.parse(value ?? '{}') as { event_id: string };
      assert.is(event.event_id.replaceAll('-', ''), producer.traceId);
    }
  } finally {
    await zipkin.kill();
  }
});

test.run();
