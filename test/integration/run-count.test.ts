// `loadgen --count 500 --rate 50` against the real broker: exactly 500 events reach the right topics, with
// keys and headers, nothing fails, and the summary says so. Messages are read back from the offsets each
// partition had before the run and matched by the run id, so other data in the topics does not matter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTES, TOPICS, type EventType } from '../../src/events/event-types.js';
import type { RunSummary } from '../../src/report/summary.js';
import { fetchTopics } from '../../src/index.js';
import { loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { BROKERS, connection } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

type Offsets = Map<string, number>; // "topic/partition" -> offset

function consumer(): Promise<Kafka.KafkaConsumer> {
  const c = new Kafka.KafkaConsumer({ 'metadata.broker.list': BROKERS, 'group.id': `it-run-${Date.now()}`, 'enable.auto.commit': false }, {});
  return new Promise((resolve, reject) => c.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve(c))));
}

async function highWatermarks(c: Kafka.KafkaConsumer): Promise<Offsets> {
  const partitions = new Map((await fetchTopics(connection)).map((t) => [t.name, t.partitions]));
  const offsets: Offsets = new Map();
  for (const topic of TOPICS) {
    for (let p = 0; p < (partitions.get(topic) ?? 0); p++) {
      const high = await new Promise<number>((resolve, reject) =>
        c.queryWatermarkOffsets(topic, p, 10_000, (err, w) => (err ? reject(err) : resolve(w.highOffset))),
      );
      offsets.set(`${topic}/${p}`, high);
    }
  }
  return offsets;
}

/** Every message between two sets of offsets. */
async function readBetween(c: Kafka.KafkaConsumer, from: Offsets, to: Offsets): Promise<Kafka.Message[]> {
  const assignments = [...from].filter(([k, o]) => (to.get(k) ?? 0) > o).map(([k, offset]) => {
    const [topic, partition] = k.split('/') as [string, string];
    return { topic, partition: Number(partition), offset };
  });
  const expected = assignments.reduce((n, a) => n + ((to.get(`${a.topic}/${a.partition}`) ?? 0) - a.offset), 0);
  c.assign(assignments);
  const messages: Kafka.Message[] = [];
  const deadline = Date.now() + 30_000;
  while (messages.length < expected && Date.now() < deadline) {
    messages.push(...(await new Promise<Kafka.Message[]>((resolve, reject) => c.consume(500, (err, m) => (err ? reject(err) : resolve(m))))));
  }
  return messages;
}

test('--count 500 --rate 50: 500 events on the right topics, keyed, with headers, none failed', async () => {
  const c = await consumer();
  try {
    const before = await highWatermarks(c);
    const out = mkdtempSync(join(tmpdir(), 'loadgen-run-'));
    const run = spawnSync(loadgenBin, ['--count', '500', '--rate', '50', '--workers', '2', '--seed', '11', '--quiet', '--out', out, '-b', BROKERS], {
      cwd: projectRoot, encoding: 'utf8', timeout: 60_000,
    });
    assert.is(run.status, 0, run.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    assert.is(summary.status, 'complete');
    assert.is(Object.values(summary.topics).reduce((n, t) => n + t.acked, 0), 500);
    assert.match(run.stdout, /acked 500, failed 0/);
    assert.is(loadSchemaRegistry().validateSummary(summary), null, 'summary.json matches schemas/summary.schema.json');

    const after = await highWatermarks(c);
    const ours = (await readBetween(c, before, after)).filter((m) => headerOf(m, 'lg')?.startsWith(`${summary.run_id}/`));
    assert.is(ours.length, 500);
    // bytes counts the value bytes of acked records (a tombstone has none): what was read back, to the byte.
    const bytes = ours.reduce((n, m) => n + (m.value?.length ?? 0), 0);
    assert.equal(summary.events, { produced: 500, acked: 500, failed: 0, invalid: 0, injected_invalid: 0, bytes });
    const bytesByTopic: Record<string, number> = {};
    for (const m of ours) bytesByTopic[m.topic] = (bytesByTopic[m.topic] ?? 0) + (m.value?.length ?? 0);
    assert.equal(Object.fromEntries(Object.entries(summary.topics).filter(([, t]) => t.acked > 0).map(([name, t]) => [name, t.bytes])), bytesByTopic);
    // Each producer thread stamps its own id and its own contiguous slot sequence (0, 1, 2, ...).
    const slots = new Map<string, Set<number>>();
    for (const m of ours) {
      const [, producer, slot, intendedUs, actualUs] = (headerOf(m, 'lg') ?? '').split('/');
      assert.ok(producer === '0' || producer === '1', `producer id ${producer} of 2 threads`);
      const mine = slots.get(producer) ?? new Set<number>();
      slots.set(producer, mine.add(Number(slot)));
      assert.ok(Number(actualUs) >= Number(intendedUs) - 1, 'sent no earlier than intended');
      assert.ok(m.key && m.key.length > 0, 'keyed');
      if (m.value === null) continue; // a catalog tombstone
      const event = JSON.parse(m.value.toString()) as { event_type: EventType; session_id?: string; product_id: number };
      assert.is(ROUTES[event.event_type].topic, m.topic, 'routed to its topic');
      assert.is(m.key?.toString(), event.event_type === 'catalog_update' ? String(event.product_id) : event.session_id);
      assert.is(m.timestamp, Date.parse((JSON.parse(m.value.toString()) as { event_time: string }).event_time), 'record timestamp = event_time');
    }
    // 50/s makes chunks of 16 slots, dealt alternately: 256 to thread 0 (16 chunks), 244 to thread 1.
    assert.equal([...slots].sort().map(([producer, set]) => [producer, set.size, Math.min(...set), Math.max(...set)]), [['0', 256, 0, 255], ['1', 244, 0, 243]], 'every slot exactly once');
  } finally {
    c.disconnect();
  }
});

function headerOf(message: Kafka.Message, name: string): string | undefined {
  for (const header of message.headers ?? []) {
    const value = header[name];
    if (value !== undefined) return Buffer.from(value).toString();
  }
  return undefined;
}

test.run();
