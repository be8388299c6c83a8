// `loadgen run` fails fast and clearly before sending anything: bad input is exit 2, an unreachable cluster
// exit 1 within --connect-timeout, naming the brokers. No broker is needed (127.0.0.1:1 is closed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { recordingIo } from '../support/io.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-run-errors-'));
writeFileSync(join(dir, 'bad.json'), '{"rate": ');
writeFileSync(join(dir, 'unknown.json'), '{"speed": 5}');
writeFileSync(join(dir, 'no-consumer.json'), '{"consumer": false}');
writeFileSync(join(dir, 'consumer.json'), '{"consumer": true}');

test('invalid flag values and files: exit 2, one line, before any connection', async () => {
  // [argv, text in the message]
  const cases: [string[], string][] = [
    [['--rate', '-5'], '--rate'],
    [['--rate', 'abc'], '--rate'],
    [['--workers', '0'], '--workers'],
    // Numbers mri would read: each value is checked as typed.
    [['--rate', '0x10'], '--rate: "0x10"'],
    [['--workers', '0x2'], '--workers: "0x2"'],
    [['--count', '5e2'], '--count: "5e2"'],
    [['--inject-invalid', '1e-2'], '--inject-invalid: "1e-2"'],
    [['--consumer-threads', '0'], '--consumer-threads'],
    [['--consumer-threads', 'two'], '--consumer-threads'],
    [['consume', '--consumer-threads', '2'], '--consumer-threads above 1 needs --run-id'],
    [['consume', '--run-id', 'r', '--consumer-threads', '65'], '--consumer-threads'],
    [['--duration', 'forever'], '--duration'],
    [['-X', 'no.such.property=1'], '-X no.such.property=1: No such configuration property'],
    [['-X', 'linger.ms=soon'], '-X linger.ms=soon: Invalid value'],
    [['--config', join(dir, 'bad.json')], 'is not valid JSON'],
    [['--config', join(dir, 'unknown.json')], 'unknown option "speed"'],
    [['--config', join(dir, 'missing.json')], 'cannot read'],
    [['run', '--bogus'], 'unknown option --bogus'],
    [['run', '--', '100'], "unexpected argument '100'"],
    [['run', 'extra'], "unexpected argument 'extra'"],
    // A secret's value is never shown, not even in the error about its own property.
    [['-X', 'my.password=hunter2'], '-X my.password=*****: No such configuration property'],
  ];
  for (const [argv, needle] of cases) {
    const io = recordingIo();
    const code = await runCli([...argv, '--brokers', '127.0.0.1:1', '--connect-timeout', '1s'], io);
    assert.is(code, 2, `${argv.join(' ')}: ${io.stderr.join(' | ')}`);
    assert.is(io.stderr.length, 1, io.stderr.join('\n'));
    assert.match(io.stderr[0] ?? '', needle);
    assert.not.match(io.stderr[0] ?? '', 'hunter2');
  }
});

test('an unreachable cluster: exit 1 within --connect-timeout, naming the brokers', async () => {
  const io = recordingIo();
  const started = Date.now();
  const code = await runCli(['--rate', '10', '--count', '5', '--brokers', '127.0.0.1:1', '--connect-timeout', '1s', '--quiet'], io);
  assert.is(code, 1);
  // The message says which timeout applied. The clock only tells the 1 s timeout (plus starting the companion
  // consumer's process, about 0.5 s idle, seconds on a loaded 2-core machine) from the 10 s default.
  assert.ok(Date.now() - started < 9000, `${Date.now() - started} ms`);
  assert.match(io.stderr.join('\n'), 'cannot reach Kafka at 127.0.0.1:1 within 1000 ms');
});

test('"consumer": false in a config file is kept (no companion consumer starts); --no-consumer wins over the file', async () => {
  // The companion starts first, so which client fails to connect says whether it was started.
  for (const [argv, companion] of [
    [['--config', join(dir, 'no-consumer.json')], false],
    [['--config', join(dir, 'consumer.json'), '--no-consumer'], false],
    [['--config', join(dir, 'consumer.json')], true],
  ] as const) {
    const io = recordingIo();
    const code = await runCli([...argv, '--count', '5', '--brokers', '127.0.0.1:1', '--connect-timeout', '1s', '--quiet'], io);
    assert.is(code, 1);
    assert.match(io.stderr.join('\n'), 'cannot reach Kafka at 127.0.0.1:1');
    assert.is(io.stderr.join('\n').includes('companion consumer'), companion, `${argv.join(' ')}: ${io.stderr.join(' | ')}`);
  }
});

test.run();
