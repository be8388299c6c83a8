// Bad input never reaches Kafka: each case is rejected with one line on stderr that names the problem,
// and exit code 2. No broker is running for these (the brokers are unroutable on purpose).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { recordingIo } from '../support/io.js';

const NOWHERE = ['--brokers', '127.0.0.1:1', '--connect-timeout', '1s'];

// [argv, text the single error line must contain]
const cases: [string[], string][] = [
  [['topics', 'create', '--partitions', '0', ...NOWHERE], '--partitions'],
  [['topics', 'create', '--partitions', 'many', ...NOWHERE], '--partitions'],
  [['topics', 'create', '--replication-factor', '-1', ...NOWHERE], '--replication-factor'],
  [['topics', 'list', '--brokers', 'no-port'], '--brokers'],
  [['topics', 'list', '--connect-timeout', 'soon', '--brokers', '127.0.0.1:1'], '--connect-timeout'],
  [['topics', 'list', '--no-such-flag'], '--no-such-flag'],
  [['topics', 'frobnicate'], 'frobnicate'],
  [['frobnicate'], 'frobnicate'],
];

for (const [argv, needle] of cases) {
  test(`loadgen ${argv.join(' ')} => exit 2 naming ${needle}`, async () => {
    const io = recordingIo();
    const code = await runCli(argv, io);
    assert.is(code, 2);
    assert.is(io.stderr.length, 1, io.stderr.join('\n'));
    assert.match(io.stderr[0] ?? '', needle);
    assert.match(io.stderr[0] ?? '', /^loadgen: /);
    assert.equal(io.stdout, []);
  });
}

test('KAFKA_BROKERS is used when --brokers is absent, and named when it is wrong', async () => {
  const io = recordingIo({ KAFKA_BROKERS: 'not a broker' });
  assert.is(await runCli(['topics', 'list'], io), 2);
  assert.match(io.stderr[0] ?? '', 'KAFKA_BROKERS');
});

test('an unreachable broker is exit 1 within the connect timeout, naming the brokers', async () => {
  const io = recordingIo();
  const started = Date.now();
  const code = await runCli(['topics', 'list', ...NOWHERE], io);
  assert.is(code, 1);
  // The message says which timeout applied; the clock only tells the 1 s timeout from the 10 s default, with
  // room for a loaded 2-core machine, where a 3 s bound can fail with nothing wrong.
  assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
  assert.is(io.stderr.length, 1);
  assert.match(io.stderr[0] ?? '', 'cannot reach Kafka at 127.0.0.1:1 within 1000 ms');
});

test.run();
