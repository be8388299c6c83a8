// The addon links the librdkafka node-rdkafka built (node_modules/node-rdkafka/build/deps), so the process
// holds one librdkafka, of one version, whichever client loaded it first.
import { readFileSync } from 'node:fs';
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NativeProducer, loadNativeAddon } from '../../src/kafka/native-producer.js';

test("rd_kafka_version_str() is node-rdkafka's librdkafkaVersion", () => {
  assert.is(NativeProducer.version(), Kafka.librdkafkaVersion);
  assert.is(loadNativeAddon().version(), Kafka.librdkafkaVersion);
});

test('one librdkafka.so is mapped into the process: the one under node-rdkafka', () => {
  const mapped = new Set(
    readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5] ?? '')
      .filter((file) => /librdkafka\.so/.test(file)),
  );
  assert.equal([...mapped].length, 1, [...mapped].join(', '));
  assert.match([...mapped][0] as string, /node_modules\/node-rdkafka\/build\/deps\/librdkafka\.so\.1$/);
});

test.run();
