// Helpers for integration tests against the real broker that `make up` started (KAFKA_BROKERS or the default).
import { randomBytes } from 'node:crypto';
import Kafka from 'node-rdkafka';
import type { ConnectionOptions } from '../../src/config/connection.js';
import { DEFAULT_PARTITIONS } from '../../src/topics.js';

export const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
export const connection: ConnectionOptions = { brokers: BROKERS, timeoutMs: 15_000 };

/**
 * The partition count `make up` gave the pipeline topics: the Makefile's PARTITIONS, which it exports to
 * every recipe as KAFKA_PARTITIONS; loadgen's default when the tests run outside make. A function, so that a
 * bad value fails the test that needs it rather than the import of every file.
 */
export function bootstrapPartitions(): number {
  const value = process.env['KAFKA_PARTITIONS'];
  if (value === undefined || value === '') return DEFAULT_PARTITIONS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`KAFKA_PARTITIONS=${value} is not a partition count`);
  return n;
}

/** A topic name no other test or run uses, so tests never see each other's data. */
export function uniqueTopic(label: string): string {
  return `it-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function deleteTopics(names: readonly string[]): Promise<void> {
  const admin = Kafka.AdminClient.create({ 'metadata.broker.list': BROKERS, 'client.id': 'loadgen-test-cleanup' });
  try {
    await Promise.all(names.map((name) => new Promise<void>((resolve) => admin.deleteTopic(name, 10_000, () => resolve()))));
  } finally {
    admin.disconnect();
  }
}
