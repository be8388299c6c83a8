// Option resolution for `loadgen run`, without I/O: defaults, precedence, limits, and one-line errors.
import { targetRate } from '../../src/engine/pacer.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PRODUCER_DEFAULTS, mergeConfigFile, mergeConfigFiles, resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { maskSecrets } from '../../src/config/secrets.js';
import { usageErrorOf } from '../support/errors.js';
import { maxSchedule, steadySchedule } from '../support/schedules.js';

const context = { env: {}, nowMs: Date.UTC(2026, 10, 29, 11, 0, 0), randomU32: () => 0xabcdef12 };
const resolve = (flags: RunFlags, env: Record<string, string> = {}) => resolveRunConfig(flags, { ...context, env });

test('defaults: 1000/s, 2 workers, no limit, safe producer settings, a run id and results dir', () => {
  const c = resolve({});
  assert.equal(c.schedule, steadySchedule(1000));
  assert.equal(c.profile, { base: { kind: 'flat', rate: 1000, ramp: 0 }, spikes: [], jitter: null });
  assert.is(c.workers, 2);
  assert.is(c.consumerThreads, 1);
  assert.is(c.brokers, '127.0.0.1:9092');
  assert.is(c.properties['acks'], 'all');
  assert.is(c.properties['enable.idempotence'], 'true');
  assert.is(c.runId, '20261129T110000Z-abcdef');
  assert.is(c.outDir, 'results/20261129T110000Z-abcdef');
  assert.is(c.seed, 0xabcdef12);
  assert.ok(c.seedDrawn);
  assert.ok(c.consumer);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.schedule) && Object.isFrozen(c.properties));
});

test('values from the command line (strings) and from a config file (JSON values) resolve alike', () => {
  const c = resolve({ rate: '50000', workers: '8', duration: '60s', count: 1000, ramp: '10s', seed: '7', consumer: false, compression: 'zstd', consumerThreads: '3' });
  assert.equal(c.schedule, steadySchedule(50_000, { count: 1000, duration: 60 }, 10));
  assert.is(c.workers, 8);
  assert.is(c.consumerThreads, 3);
  assert.is(resolve({ consumerThreads: 2 }).consumerThreads, 2);
  assert.is(c.seed, 7);
  assert.not.ok(c.seedDrawn);
  assert.not.ok(c.consumer);
  assert.is(c.properties['compression.type'], 'zstd');
  assert.equal(resolve({ rate: 'max', duration: '30s' }).schedule, maxSchedule({ duration: 30 }));
});

test('-X properties override the defaults; KAFKA_BROKERS is the fallback for --brokers', () => {
  const c = resolve({ X: ['linger.ms=0', 'acks=1', 'sasl.password=a=b'] }, { KAFKA_BROKERS: 'k1:9092,k2:9092' });
  assert.is(c.properties['linger.ms'], '0');
  assert.is(c.properties['acks'], '1');
  assert.is(c.properties['sasl.password'], 'a=b', 'only the first = separates key and value');
  assert.equal(c.userProperties, { 'linger.ms': '0', acks: '1', 'sasl.password': 'a=b' });
  assert.is(c.brokers, 'k1:9092,k2:9092');
  assert.is(resolve({ X: 'queue.buffering.max.ms=1' }).properties['queue.buffering.max.ms'], '1');
});

test('bad values: one line naming the flag', () => {
  // [flags, flag named]
  const cases: [RunFlags, string][] = [
    [{ rate: '-5' }, '--rate'],
    [{ rate: 'fast' }, '--rate'],
    [{ rate: '0' }, '--rate'],
    [{ workers: '0' }, '--workers'],
    [{ workers: '100' }, '--workers'],
    [{ duration: '10x' }, '--duration'],
    [{ duration: '0s' }, '--duration'],
    [{ count: '0' }, '--count'],
    [{ X: 'novalue' }, '-X'],
    [{ X: '=1' }, '-X'],
    [{ compression: 'brotli' }, '--compression'],
    [{ injectInvalid: '2' }, '--inject-invalid'],
    [{ seed: '-1' }, '--seed'],
    [{ connectTimeout: 'soon' }, '--connect-timeout'],
    [{ brokers: 'nohost' }, '--brokers'],
    [{ rate: 'max', ramp: '5s' }, '--ramp'],
    [{ metricsPort: '70000' }, '--metrics-port'],
    [{ metricsPort: 'http' }, '--metrics-port'],
    [{ metricsPort: '9464', metricsHost: 'a b' }, '--metrics-host'],
    [{ metricsHost: '0.0.0.0' }, '--metrics-port'],
    [{ metricsPort: '9464', metricsLinger: 'later' }, '--metrics-linger'],
    [{ traceSample: '1.5' }, '--trace-sample'],
    [{ traceSample: '-0.1' }, '--trace-sample'],
    [{ traceSample: '0.1', zipkinEndpoint: 'localhost:9411' }, '--zipkin-endpoint'],
    [{ traceSample: '0.1', otlpEndpoint: 'ftp://x/v1/traces' }, '--otlp-endpoint'],
    [{ zipkinEndpoint: 'http://127.0.0.1:9411/api/v2/spans' }, '--trace-sample'],
    [{ traceSample: '0.1', zipkinEndpoint: 'http://a/api/v2/spans', otlpEndpoint: 'http://b/v1/traces' }, '--otlp-endpoint'],
    [{ traceSample: '0.1', producer: 'rdkafka' }, '--producer native'],
  ];
  for (const [flags, name] of cases) assert.match(usageErrorOf(() => resolve(flags)), name, JSON.stringify(flags));
});

test('a config file: flags win, both spellings of a key work, unknown keys are refused', () => {
  const merged = mergeConfigFile({ rate: '200' }, { rate: 100, workers: 4, 'connect-timeout': '3s', properties: { 'linger.ms': 1 } }, 'run.json');
  const c = resolve(merged);
  assert.is(targetRate(c.schedule), 200);
  assert.is(c.workers, 4);
  assert.is(c.connectTimeoutMs, 3000);
  assert.is(c.properties['linger.ms'], '1');
  assert.match(usageErrorOf(() => mergeConfigFile({}, { rat: 1 }, 'run.json')), 'run.json: unknown option "rat"');
  assert.match(usageErrorOf(() => mergeConfigFile({}, [1], 'run.json')), 'must be a JSON object');
});

test('--trace-sample: headers only, or spans to one endpoint', () => {
  assert.equal([resolve({}).traceSample, resolve({}).traceExport], [0, null]);
  assert.equal([resolve({ traceSample: '0.05' }).traceSample, resolve({ traceSample: '0.05' }).traceExport], [0.05, null]);
  assert.equal(resolve({ traceSample: '1', zipkinEndpoint: 'http://127.0.0.1:9411/api/v2/spans' }).traceExport, { kind: 'zipkin', url: 'http://127.0.0.1:9411/api/v2/spans' });
  assert.equal(resolve({ traceSample: '0.5', otlpEndpoint: 'https://otel.example:4318/v1/traces' }).traceExport, { kind: 'otlp', url: 'https://otel.example:4318/v1/traces' });
});

test('--metrics-port: 127.0.0.1 and a 15 s linger unless given; no endpoint without it', () => {
  assert.is(resolve({}).metrics, null);
  assert.equal(resolve({ metricsPort: '9464' }).metrics, { host: '127.0.0.1', port: 9464, lingerMs: 15_000 });
  assert.equal(resolve({ metricsPort: '0', metricsHost: '0.0.0.0', metricsLinger: '1ms' }).metrics, { host: '0.0.0.0', port: 0, lingerMs: 1 });
});

test('secrets are masked wherever a config is shown', () => {
  const masked = maskSecrets({ ...PRODUCER_DEFAULTS, 'sasl.password': 'hunter2', 'ssl.key.password': 'x', 'sasl.username': 'alice', 'sasl.oauthbearer.config': 'principal=admin secret=y' });
  assert.is(masked['sasl.password'], '*****');
  assert.is(masked['ssl.key.password'], '*****');
  assert.is(masked['sasl.oauthbearer.config'], '*****');
  assert.is(masked['sasl.username'], 'alice');
  assert.is(masked['acks'], 'all');
});

test('several config files: later ones win, key by key within properties; flags over all', () => {
  const merged = mergeConfigFiles({ workers: '4' }, [
    { path: 'run.json', content: { rate: 2000, workers: 2, properties: { 'linger.ms': 5, acks: 'all' } } },
    { path: 'connection.json', content: { brokers: 'k:9093', properties: { 'sasl.password': 's3cret', 'linger.ms': 1 } } },
  ]);
  assert.equal({ ...merged }, { rate: 2000, workers: '4', brokers: 'k:9093', properties: { 'linger.ms': 1, acks: 'all', 'sasl.password': 's3cret' }, configPath: 'run.json + connection.json' });
  assert.match(usageErrorOf(() => mergeConfigFiles({}, [{ path: 'a.json', content: {} }, { path: 'b.json', content: { speed: 1 } }])), /^--config b\.json: unknown option "speed"/);
});

test.run();
