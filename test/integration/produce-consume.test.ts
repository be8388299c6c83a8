// The broker path end to end with node-rdkafka: a message produced with a key, headers and an explicit
// timestamp is consumed back with all three intact. Later tests build on this contract.
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureTopics, resolveTopicPlan } from '../../src/index.js';
import { BROKERS, connection, deleteTopics, uniqueTopic } from '../support/kafka.js';

const topic = uniqueTopic('roundtrip');
test.before(async () => {
  await ensureTopics(resolveTopicPlan({ partitions: 2 }, [{ name: topic, config: {}, description: 'test' }]), connection);
});
test.after(() => deleteTopics([topic]));

type Client = InstanceType<typeof Kafka.Producer> | InstanceType<typeof Kafka.KafkaConsumer>;

/** Ends a client on every path, failed or not: a connected one keeps this process, and the suite, alive. */
function disconnect(client: Client): Promise<void> {
  if (!client.isConnected()) return Promise.resolve();
  return new Promise<void>((resolve) => client.disconnect(() => resolve()));
}

async function produceOne(value: Buffer, key: string, timestamp: number, headers: Kafka.MessageHeader[]): Promise<Kafka.DeliveryReport> {
  const producer = new Kafka.Producer({ 'metadata.broker.list': BROKERS, dr_cb: true, 'enable.idempotence': true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<Kafka.DeliveryReport>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no delivery report within 15 s')), 15_000);
      producer.on('event.error', reject);
      producer.on('delivery-report', (err, report) => (err ? reject(err) : resolve(report)));
      producer.connect({ timeout: 10_000 }, (err) => {
        if (err) return reject(err);
        producer.setPollInterval(10);
        producer.produce(topic, null, value, key, timestamp, undefined, headers);
      });
    });
  } finally {
    clearTimeout(timer);
    producer.setPollInterval(0);
    await disconnect(producer);
  }
}

async function consumeOne(): Promise<Kafka.Message> {
  const consumer = new Kafka.KafkaConsumer(
    { 'metadata.broker.list': BROKERS, 'group.id': `${topic}-reader`, 'enable.auto.commit': false },
    { 'auto.offset.reset': 'earliest' },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<Kafka.Message>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('nothing consumed within 20 s')), 20_000);
      consumer.on('event.error', reject);
      consumer.on('data', resolve);
      consumer.connect({ timeout: 10_000 }, (err) => {
        if (err) return reject(err);
        consumer.subscribe([topic]);
        consumer.consume();
      });
    });
  } finally {
    clearTimeout(timer);
    await disconnect(consumer);
  }
}

test('key, headers and timestamp survive a trip through the broker', async () => {
  const timestamp = Date.now() - 60_000; // clearly not the broker's append time
  const value = Buffer.from(JSON.stringify({ event_type: 'product_click', product_id: 'p-1' }));
  const report = await produceOne(value, 'session-42', timestamp, [{ run_id: 'r1' }, { seq: '1234567' }, { raw: Buffer.from([0, 0, 0, 7]) }]);
  assert.is(report.topic, topic);
  assert.ok(report.offset >= 0);

  const message = await consumeOne();
  assert.is(message.key?.toString(), 'session-42');
  assert.is(message.value?.toString(), value.toString());
  assert.is(message.timestamp, timestamp);
  assert.is(message.partition, report.partition);
  const headers = (message.headers ?? []).map((h) => Object.entries(h)[0] ?? ['', Buffer.alloc(0)]);
  assert.equal(headers.map(([name]) => name), ['run_id', 'seq', 'raw']);
  const text = headers.map(([, v]) => Buffer.from(v).toString());
  assert.is(text[0], 'r1');
  assert.is(text[1], '1234567');
  // node-rdkafka 3.6 turns every header value into a JS string and then a C string (producer.cc), so a value
  // ends at its first NUL byte: binary headers do not survive. loadgen's headers are therefore ASCII text.
  // If this starts failing, the binding has changed and binary headers may be usable.
  assert.is(Buffer.from(headers[2]?.[1] ?? '').length, 0);
});

test.run();
