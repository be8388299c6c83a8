// Cluster metadata through a short-lived producer: node-rdkafka's AdminClient has no metadata call, and a
// producer's connect() is exactly "ask the cluster for metadata within a timeout".
import Kafka from 'node-rdkafka';
import { clientConfig, type ConnectionOptions } from '../config/connection.js';
import { connectClient } from './connect.js';

export interface TopicInfo {
  readonly name: string;
  readonly partitions: number;
  /** Partitions that currently have no leader (e.g. just created, or a broker is down). */
  readonly leaderless: number;
}

export async function fetchTopics(options: ConnectionOptions): Promise<TopicInfo[]> {
  const producer = new Kafka.Producer(clientConfig(options, 'loadgen-metadata'));
  try {
    const metadata = await connectClient(producer, options);
    return metadata.topics
      .filter((topic) => !topic.name.startsWith('__'))
      .map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.length,
        leaderless: topic.partitions.filter((partition) => partition.leader < 0).length,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    // disconnect() throws on a client that never connected, which would mask the real error above.
    if (producer.isConnected()) await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
}
