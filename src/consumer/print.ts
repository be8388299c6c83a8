// `loadgen consume --print`: the pipeline's smoke-test consumer. Reads a topic and prints every record as one
// JSON line, with the event validated against its schema: valid ones as they are, invalid ones flagged with
// the first violation (or "not JSON"), so a team can watch a topic and see contract breaks at once.
import { randomBytes } from 'node:crypto';
import type Kafka from 'node-rdkafka';
import { errors } from '../errors.js';
import { EVENT_TYPES, type EventType } from '../events/event-types.js';
import type { SchemaRegistry } from '../events/schema-registry.js';
import { clientConfig, type ConnectionOptions } from '../config/connection.js';
import { connectClient } from '../kafka/connect.js';

export interface PrintOptions extends ConnectionOptions {
  readonly topic: string;
  /** Stop after this many records (Infinity: until stopped). */
  readonly count: number;
  readonly fromBeginning: boolean;
}

export interface PrintedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly timestamp: number | undefined;
  readonly headers: Record<string, string>;
  /** false: the value is not JSON, or not a valid event of any loadgen schema. A tombstone is valid. */
  readonly valid: boolean;
  readonly error?: string;
  /** The parsed value; the raw text when it is not JSON; null for a tombstone. */
  readonly event: unknown;
}

/** Checks one record's value against the schema of the event type it names. */
export function inspectRecord(message: Pick<Kafka.Message, 'topic' | 'partition' | 'offset' | 'key' | 'timestamp' | 'headers' | 'value'>, registry: SchemaRegistry): PrintedRecord {
  const headers: Record<string, string> = {};
  for (const header of message.headers ?? []) for (const [k, v] of Object.entries(header)) headers[k] = Buffer.from(v).toString();
  const base = {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key === undefined || message.key === null ? null : Buffer.from(message.key).toString(),
    timestamp: message.timestamp,
    headers,
  };
  if (message.value === null || message.value === undefined) return { ...base, valid: true, event: null };
  const text = message.value.toString();
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return { ...base, valid: false, error: 'not JSON', event: text };
  }
  const type = typeof event === 'object' && event !== null ? (event as { event_type?: unknown }).event_type : undefined;
  if (!(EVENT_TYPES as readonly unknown[]).includes(type)) return { ...base, valid: false, error: `unknown event_type ${JSON.stringify(type)}`, event };
  const problem = registry.validateEvent(type as EventType, event);
  return problem === null ? { ...base, valid: true, event } : { ...base, valid: false, error: problem, event };
}

export interface PrintRun {
  stop(): void;
  /** Resolves with how many records were printed and how many were invalid. */
  readonly done: Promise<{ printed: number; invalid: number }>;
}

/** Consumes `topic` and hands each inspected record to `print`; stops at `count`, or when stop() is called. */
export async function startPrint(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, options: PrintOptions, registry: SchemaRegistry, print: (record: PrintedRecord) => Promise<boolean>): Promise<PrintRun> {
  const consumer = new kafka.KafkaConsumer(
    { ...clientConfig(options, 'loadgen-print'), 'group.id': `loadgen-print-${randomBytes(4).toString('hex')}`, 'enable.auto.commit': false },
    { 'auto.offset.reset': options.fromBeginning ? 'earliest' : 'latest' },
  );
  const metadata = await connectClient(consumer, options);
  if (!metadata.topics.some((t) => t.name === options.topic && t.partitions.length > 0)) {
    consumer.disconnect();
    throw errors.kafka('consume', `topic ${options.topic} does not exist on ${options.brokers}`);
  }
  consumer.subscribe([options.topic]);
  // consume(n) waits up to its timeout to fill a batch; a short one keeps printing prompt at low rates.
  consumer.setDefaultConsumeTimeout(100);
  let stopped = false;
  const done = (async () => {
    let printed = 0;
    let invalid = 0;
    try {
      while (!stopped && printed < options.count) {
        const batch = await new Promise<Kafka.Message[]>((resolve, reject) =>
          consumer.consume(Math.min(500, options.count - printed), (err, messages) => (err ? reject(err) : resolve(messages))),
        );
        for (const message of batch) {
          const record = inspectRecord(message, registry);
          if (!record.valid) invalid++;
          printed++;
          if (!(await print(record))) stopped = true;
          if (stopped || printed >= options.count) break;
        }
      }
    } finally {
      await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
    }
    return { printed, invalid };
  })();
  return { stop: () => (stopped = true), done };
}
