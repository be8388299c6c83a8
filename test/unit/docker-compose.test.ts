// docker-compose.yml creates the topics with Kafka's own shell tool, not with loadgen's code, so this checks
// that its list agrees with src/topics.ts: a topic added to one and not the other fails here.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOTSTRAP_TOPICS } from '../../src/index.js';

const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
const createLines = compose.split('\n').filter((line) => /^\s*create --topic /.test(line));

test('docker-compose.yml creates exactly the bootstrap topics, in the same order', () => {
  const names = createLines.map((line) => /--topic (\S+)/.exec(line)?.[1]);
  assert.equal(names, BOOTSTRAP_TOPICS.map((t) => t.name));
});

test('docker-compose.yml gives each topic the same configuration', () => {
  for (const topic of BOOTSTRAP_TOPICS) {
    const line = createLines.find((l) => l.includes(`--topic ${topic.name}`)) ?? '';
    const configs = [...line.matchAll(/--config (\S+)=(\S+)/g)].map((m) => [m[1], m[2]]);
    assert.equal(Object.fromEntries(configs), topic.config, topic.name);
  }
});

test('the broker image is the same Kafka release as the native broker', () => {
  const pom = readFileSync(new URL('../../../broker/pom.xml', import.meta.url), 'utf8');
  const nativeVersion = /<kafka\.version>([^<]+)</.exec(pom)?.[1];
  const images = [...compose.matchAll(/image: apache\/kafka:(\S+)/g)].map((m) => m[1]);
  assert.ok(nativeVersion);
  assert.ok(images.length > 0);
  for (const version of images) assert.is(version, nativeVersion);
});

test.run();
