import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_BROKERS, LoadgenError, resolveBrokers } from '../../src/index.js';

test('the flag wins over KAFKA_BROKERS, which wins over the local default', () => {
  assert.is(resolveBrokers('a:1', { KAFKA_BROKERS: 'b:2' }), 'a:1');
  assert.is(resolveBrokers(undefined, { KAFKA_BROKERS: 'b:2' }), 'b:2');
  assert.is(resolveBrokers(undefined, {}), DEFAULT_BROKERS);
});

test('lists are trimmed; IPv6 and listener prefixes are accepted', () => {
  assert.is(resolveBrokers(' h1:9092 , h2:9093 ', {}), 'h1:9092,h2:9093');
  assert.is(resolveBrokers('[::1]:9092', {}), '[::1]:9092');
  assert.is(resolveBrokers('SASL_SSL://kafka.example:9094', {}), 'SASL_SSL://kafka.example:9094');
});

test('malformed entries are a usage error naming where they came from', () => {
  // [flag value, env value, name expected in the message]
  const cases: [unknown, string | undefined, string][] = [
    ['localhost', undefined, '--brokers'],
    ['h:0', undefined, '--brokers'],
    ['h:70000', undefined, '--brokers'],
    ['h:9092,', undefined, '--brokers'],
    [true, undefined, '--brokers'],
    [undefined, 'nohost', 'KAFKA_BROKERS'],
  ];
  for (const [flag, env, name] of cases) {
    assert.throws(
      () => resolveBrokers(flag, env === undefined ? {} : { KAFKA_BROKERS: env }),
      (err: unknown) => err instanceof LoadgenError && err.exitCode === 2 && err.message.includes(name),
      `${String(flag)} / ${String(env)}`,
    );
  }
});

test.run();
