// node-rdkafka compiles librdkafka on install and silently leaves out what the machine lacks (OpenSSL,
// SASL, zstd, lz4 headers). A build without them cannot reach secured clusters or use every codec; fail loudly.
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('librdkafka was built with TLS, SASL and every compression codec', () => {
  for (const feature of ['ssl', 'sasl', 'sasl_plain', 'sasl_scram', 'gzip', 'snappy', 'lz4', 'zstd']) {
    assert.ok(Kafka.features.includes(feature), `missing '${feature}' in ${Kafka.features.join(',')}; install the system packages in scripts/system-deps.sh and reinstall node-rdkafka`);
  }
});

test.run();
