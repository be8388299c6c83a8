// `loadgen consume --print` against the broker: every record of a fresh topic, in order, each flagged.
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureTopics, resolveTopicPlan } from '../../src/index.js';
import { runLoadgen } from '../support/child.js';
import { generate } from '../support/generate.js';
import { BROKERS, connection, deleteTopics, uniqueTopic } from '../support/kafka.js';
import { within } from '../support/wait.js';

const topic = uniqueTopic('print');
test.before(() => ensureTopics(resolveTopicPlan({ partitions: 1 }, [{ name: topic, config: {}, description: 'test' }]), connection).then(() => undefined));
test.after(() => deleteTopics([topic]));

test('valid, invalid, non-JSON and tombstone records are printed in order and flagged', async () => {
  const event = generate({ sessions: 3, seed: 5 }).records.find((r) => r.type === 'product_click')?.value ?? '';
  assert.ok(event.includes('"price":'), 'a generated click');
  const values = [Buffer.from(event), Buffer.from(event.replace('"price":', '"price":-')), Buffer.from('hello'), null];
  const producer = new Kafka.Producer({ 'metadata.broker.list': BROKERS, dr_cb: true });
  try {
    await new Promise<void>((resolve, reject) => producer.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
    let delivered = 0;
    const all = new Promise<void>((resolve) => {
      producer.on('delivery-report', () => ++delivered === values.length && resolve());
      producer.setPollInterval(5);
      values.forEach((v, i) => {
        producer.produce(topic, 0, v, `key-${i}`);
      });
    });
    await within(all, 30_000, `delivery reports for ${values.length} records`);
  } finally {
    // On every path: a connected client would keep this process, and the suite, alive.
    if (producer.isConnected()) {
      producer.setPollInterval(0);
      await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
    }
  }

  const result = await runLoadgen(['consume', '--print', '--topic', topic, '--from-beginning', '--count', '4', '-b', BROKERS], { timeoutMs: 60_000 });
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { offset: number; key: string; valid: boolean; error?: string });
  assert.equal(lines.map((l) => [l.offset, l.key, l.valid]), [[0, 'key-0', true], [1, 'key-1', false], [2, 'key-2', false], [3, 'key-3', true]]);
  assert.match(lines[1]?.error ?? '', '/price must be >= 0');
  assert.is(lines[2]?.error, 'not JSON');
  assert.match(result.stderr, `printed 4 record(s) from ${topic}, 2 invalid`);
});

test('a missing topic is exit 1, naming it', async () => {
  const result = await runLoadgen(['consume', '--print', '--topic', `${topic}-missing`, '--count', '1', '-b', BROKERS], { timeoutMs: 30_000 });
  assert.is(result.status, 1);
  assert.match(result.stderr, `topic ${topic}-missing does not exist`);
});

test.run();
