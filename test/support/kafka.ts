// Helpers for integration tests against the real broker that `make up` started (KAFKA_BROKERS or the default).
import { randomBytes } from 'node:crypto';
import Kafka from 'node-rdkafka';
import type { ConnectionOptions } from '../../src/kafka/client-config.js';

export const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
export const connection: ConnectionOptions = { brokers: BROKERS, timeoutMs: 15_000 };

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
