import { resolveBrokers } from './brokers.js';
import { parseDuration } from './option-values.js';

// The librdkafka properties every loadgen client shares. User-supplied properties (later: -X key=value and
// config files) are merged last so they can override anything, exactly like kcat's -X.

export interface ConnectionOptions {
  /** Comma-separated bootstrap brokers, already validated by resolveBrokers(). */
  readonly brokers: string;
  /** How long to wait for the cluster to answer before giving up. */
  readonly timeoutMs: number;
  /** Extra librdkafka properties (security, tuning); they win over loadgen's defaults. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** How long a command waits for the cluster unless --connect-timeout says. */
export const DEFAULT_CONNECT_TIMEOUT = '10s';

/** --brokers (else KAFKA_BROKERS, else the local broker) and --connect-timeout (default 10 s), validated. */
export function resolveConnection(flags: { readonly brokers?: unknown; readonly connectTimeout?: unknown }, env: Readonly<Record<string, string | undefined>>): ConnectionOptions {
  return {
    brokers: resolveBrokers(flags.brokers, env),
    timeoutMs: parseDuration('--connect-timeout', flags.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT),
  };
}

export function clientConfig(options: ConnectionOptions, clientId: string): Record<string, string | number | boolean> {
  return {
    'metadata.broker.list': options.brokers,
    'client.id': clientId,
    // Fail a request rather than hang forever when the broker is gone.
    'socket.timeout.ms': Math.max(options.timeoutMs, 1000),
    ...options.properties,
  };
}

/** Connection and security properties: what a producer's settings mean for another client (the consumer). */
const SHARED = /^(security\.protocol|sasl\.|ssl\.|socket\.|broker\.|api\.version|reconnect\.|client\.dns|enable\.ssl|https?\.|metadata\.max\.age)/;

export function sharedClientProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => SHARED.test(key)));
}
