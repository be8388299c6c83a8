// `loadgen consume --print --topic T [--count N] [--from-beginning]`: print a topic's records as JSON Lines,
// each validated against its event schema. SIGINT/SIGTERM stop it cleanly.
import Kafka from 'node-rdkafka';
import { errors } from '../errors.js';
import { loadSchemaRegistry } from '../events/schema-registry.js';
import { startPrint } from '../consumer/print.js';
import { resolveConnection } from '../kafka/client-config.js';
import { parseInteger } from '../option-values.js';
import type { Io } from './app.js';

export interface ConsumeFlags {
  readonly print?: unknown;
  readonly topic?: unknown;
  readonly count?: unknown;
  readonly fromBeginning?: unknown;
  readonly brokers?: unknown;
  readonly connectTimeout?: unknown;
}

export async function consumeCommand(flags: ConsumeFlags, io: Io): Promise<void> {
  if (flags.print !== true) throw errors.usage('loadgen consume needs --print (the consumer that measures a run is not available yet)');
  if (typeof flags.topic !== 'string' || flags.topic === '') throw errors.invalidOption('--topic', flags.topic, 'a topic name');
  const options = {
    topic: flags.topic,
    count: flags.count === undefined ? Infinity : parseInteger('--count', flags.count, 1),
    fromBeginning: flags.fromBeginning === true,
    ...resolveConnection(flags, io.env),
  };
  const registry = loadSchemaRegistry();
  const run = await startPrint(Kafka, options, registry, (record) => io.write(JSON.stringify(record) + '\n'));
  const unsubscribe = io.onSignal(() => run.stop());
  try {
    const { printed, invalid } = await run.done;
    io.err(`loadgen: printed ${printed} record(s) from ${options.topic}, ${invalid} invalid`);
  } finally {
    unsubscribe();
  }
}
