// Where Kafka is: the --brokers flag, else the KAFKA_BROKERS environment variable, else the local broker
// that `make up` starts. Validated here so a typo fails at once instead of after a connect timeout.
import { errors } from '../errors.js';

export const DEFAULT_BROKERS = '127.0.0.1:9092';

export function resolveBrokers(flag: unknown, env: Readonly<Record<string, string | undefined>>): string {
  // A flag given without a value (true) is a mistake, not a request for the default.
  const fromFlag = flag !== undefined;
  const raw = fromFlag ? String(flag) : (env['KAFKA_BROKERS'] ?? DEFAULT_BROKERS);
  const name = !fromFlag && env['KAFKA_BROKERS'] !== undefined ? 'KAFKA_BROKERS' : '--brokers';
  const list = raw.split(',').map((entry) => entry.trim());
  const valid = list.length > 0 && list.every(isHostPort);
  if (!valid) throw errors.invalidOption(name, raw, 'a comma-separated list of host:port');
  return list.join(',');
}

function isHostPort(entry: string): boolean {
  // host:port, [ipv6]:port, optionally with a listener prefix such as SASL_SSL:// that librdkafka accepts.
  const match = /^(?:[A-Za-z_]+:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[2]);
  return match !== null && port >= 1 && port <= 65535;
}
