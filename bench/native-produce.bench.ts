// The native producer (src/kafka/native-producer.ts) flat out: N records of ~380 bytes (JSON-like, keyed
// like sessions) with loadgen's producer defaults (acks=all, idempotence, lz4, linger 5 ms), sent in
// 2,048-record chunks as --rate max would, until every one is acked. Prints records/s and the process CPU
// per record (process.cpuUsage(): this thread plus librdkafka's), the figure that decides how many producer
// threads a core can carry. Chunks are built before the clock starts: this measures producing, not
// generation. Then the CPU of a call by itself (poll(0), and produceChunk() of an empty batch), which a
// paced thread pays hundreds of times a second. Against librdkafka's mock cluster (no broker needed) unless
// KAFKA_BROKERS is set.
// Usage: node dist/bench/native-produce.bench.js [records] [topic]    (topic: product-clicks by default)
import { BatchWriter } from '../src/events/batch.js';
import { PRODUCER_DEFAULTS } from '../src/config/run-config.js';
import { CHUNK_START, type ChunkPosition, NativeProducer } from '../src/kafka/native-producer.js';

const records = Number(process.argv[2] ?? 500_000);
const topic = process.argv[3] ?? 'product-clicks';
const brokers = process.env['KAFKA_BROKERS'];
const CHUNK = 2048;
const DISTINCT_CHUNKS = 16;

function chunk(c: number): ArrayBuffer {
  const writer = new BatchWriter(CHUNK * 420);
  for (let i = 0; i < CHUNK; i++) {
    const n = c * CHUNK + i;
    const session = `s-${(n % 9973).toString(36).padStart(6, '0')}`;
    let value = `{"schema_version":"1.0","event_id":"${n.toString(16).padStart(12, '0')}-4b1f-9a6e","event_type":"product_click","event_time":"2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.${n % 1000}Z","session_id":"${session}","user_id":"u-${n % 50_021}","product_id":"p-${(n * 7) % 10_007}","position":${n % 24},"list":"search","price":${((n * 13) % 50_000) / 100},"currency":"EUR"`;
    value += `,"pad":"${'abcdefghij'.repeat(40).slice(0, Math.max(0, 379 - value.length - 9))}"}`;
    if (!writer.append(0, 0, 0, session, value)) throw new Error('chunk overflow');
  }
  return writer.finish();
}

const chunks = Array.from({ length: DISTINCT_CHUNKS }, (_, c) => chunk(c));
const producer = new NativeProducer({
  topics: [topic],
  ...(brokers ? { brokers } : {}),
  properties: { ...PRODUCER_DEFAULTS, ...(brokers ? {} : { 'test.mock.num.brokers': '3' }) },
});
if (!brokers) producer.mockCreateTopic(topic, 6, 3);
const partitions = producer.connect(10_000);

let acked = 0;
let failed = 0;
let valueBytes = 0;
const failures = new Map<string, number>();
const settle = (r: { acked: number; failed: number; failures: Readonly<Record<string, number>>; ackedBytesByTopic: Float64Array }) => {
  acked += r.acked;
  failed += r.failed;
  valueBytes += r.ackedBytesByTopic[0] ?? 0;
  for (const [reason, n] of Object.entries(r.failures)) failures.set(reason, (failures.get(reason) ?? 0) + n);
};

const cpuBefore = process.cpuUsage();
const started = performance.now();
let queueFull = 0;
for (let sent = 0, c = 0; sent < records; c++) {
  const batch = chunks[c % DISTINCT_CHUNKS] as ArrayBuffer;
  let from: ChunkPosition = CHUNK_START;
  const limit = Math.min(CHUNK, records - sent);
  for (;;) {
    const r = producer.produceChunk(batch, from, { runId: 'bench', producerId: 0, slotBase: sent - from.record, max: true }, limit - from.record);
    sent += r.next.record - from.record;
    failed += r.failed;
    from = r.next;
    if (r.status === 'queue_full') queueFull++;
    settle(producer.poll(r.status === 'queue_full' ? 1 : 0));
    if (r.status === 'done' || from.record >= limit) break;
  }
}
const flushed = await producer.flush(60_000, settle);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);

// A paced thread's fixed cost per call: it calls poll(0) and produceChunk() hundreds of times a second with
// nothing or a few records each, so what a call costs by itself counts apart from the records.
const CALLS = 100_000;
const emptyBatch = new BatchWriter(64).finish();
const callCostUs = (call: () => unknown): number => {
  for (let i = 0; i < 1_000; i++) call();
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS;
};
const pollCallUs = callCostUs(() => producer.poll(0));
const emptyChunkCallUs = callCostUs(() => producer.produceChunk(emptyBatch, CHUNK_START, { runId: 'bench', producerId: 0, slotBase: 0, max: false }));
producer.close();

const cpuUs = cpu.user + cpu.system;
console.log(`native producer, ${NativeProducer.version()}, ${brokers ? `broker ${brokers}` : 'mock cluster (3 brokers in-process)'}, topic ${topic} (${partitions[0]} partitions)`);
console.log(`  ${records.toLocaleString('en-US')} records of ~380 B, acks=all, idempotence, lz4, linger.ms=5${flushed ? '' : ' (flush timed out)'}`);
console.log(`  ${Math.round(records / seconds).toLocaleString('en-US')} records/s  (${seconds.toFixed(2)} s, ${(valueBytes / seconds / 1e6).toFixed(1)} MB/s of values)`);
console.log(`  process CPU ${(cpuUs / records).toFixed(2)} us/record  (user ${(cpu.user / records).toFixed(2)}, system ${(cpu.system / records).toFixed(2)})`);
console.log(`  acked ${acked.toLocaleString('en-US')}, failed ${failed}${failures.size ? ` ${JSON.stringify(Object.fromEntries(failures))}` : ''}, queue full ${queueFull}x`);
console.log(`  a call by itself (process CPU, ${CALLS.toLocaleString('en-US')} calls): poll(0) ${pollCallUs.toFixed(2)} us, produceChunk() of an empty batch ${emptyChunkCallUs.toFixed(2)} us`);
