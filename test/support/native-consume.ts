// Reads records back from the mock cluster inside a native producer (its mockBootstraps()) with
// node-rdkafka's consumer, for the native producer's tests. Main thread only (node-rdkafka is not
// context-aware).
import Kafka from 'node-rdkafka';

export interface ReadRecord {
  readonly partition: number;
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number | undefined;
  readonly headers: Record<string, string>;
}

/** Reads `count` records of `topic` (all `partitions`) from the start, with node-rdkafka's consumer. */
export async function consumeAll(bootstraps: string, topic: string, partitions: number, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const consumer = new Kafka.KafkaConsumer(
    { 'metadata.broker.list': bootstraps, 'group.id': `native-test-${process.pid}-${Date.now()}`, 'enable.auto.commit': false },
    { 'auto.offset.reset': 'earliest' },
  );
  await new Promise<void>((resolve, reject) => consumer.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
  const records: ReadRecord[] = [];
  try {
    consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: 0 })));
    const deadline = Date.now() + timeoutMs;
    while (records.length < count && Date.now() < deadline) {
      const messages = await new Promise<Kafka.Message[]>((resolve, reject) => consumer.consume(500, (err, m) => (err ? reject(err) : resolve(m))));
      for (const m of messages) {
        const headers: Record<string, string> = {};
        for (const h of m.headers ?? []) for (const [k, v] of Object.entries(h)) headers[k] = v.toString();
        records.push({ partition: m.partition, key: Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key ?? ''), value: m.value, timestamp: m.timestamp, headers });
      }
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
  return records;
}
