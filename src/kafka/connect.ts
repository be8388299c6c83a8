// Connecting any node-rdkafka client the same way: ask for the cluster's metadata within the timeout, and on
// failure say why. librdkafka tells why it was refused (bad credentials, TLS) only in a log line and an
// "authentication failure" error, which a later "all broker connections are down" overwrites; ClientErrors
// keeps that reason, so the message names it instead of a timeout.
import type Kafka from 'node-rdkafka';
import { describe, errors } from '../errors.js';
import type { ConnectionOptions } from '../config/connection.js';

/** A librdkafka error or log line saying the cluster refused the client's credentials or certificate. */
export const SECURITY_FAILURE = /authenticat|SSL handshake failed|certificate verify failed/i;

type Client = Kafka.Client<Kafka.KafkaClientEvents>;

/** The client's last error; a security failure is kept over the errors that follow from it. */
export class ClientErrors {
  last: string | null = null;

  constructor(client: Client) {
    // Listening also keeps node-rdkafka from treating an unhandled 'event.error' as fatal.
    client.on('event.error', (err) => this.note(describe(err)));
    client.on('event.log', (log: { message: string }) => {
      if (SECURITY_FAILURE.test(log.message)) this.last = log.message;
    });
  }

  private note(next: string): void {
    if (this.last === null || !SECURITY_FAILURE.test(this.last) || SECURITY_FAILURE.test(next)) this.last = next;
  }
}

/** Connects and returns the cluster's metadata (all topics); a failure is a LoadgenError naming the brokers. */
export async function connectClient(client: Client, connection: ConnectionOptions, clientErrors = new ClientErrors(client)): Promise<Kafka.Metadata> {
  return new Promise<Kafka.Metadata>((resolve, reject) =>
    client.connect({ timeout: connection.timeoutMs, allTopics: true }, (err, data) => (err ? reject(err) : resolve(data))),
  ).catch((err: unknown) => {
    throw errors.connectFailed(connection.brokers, connection.timeoutMs, err, clientErrors.last);
  });
}
