// --out and report.html's directory are checked before anything connects or is sent: a directory that
// cannot be created or written is exit 2 with one line naming it. (Under /proc, Node's recursive mkdir
// never returned, which hung `loadgen --out /proc/nope` at 100% CPU after a complete run.)
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { makeDirectory, prepareOutputDir } from '../../src/report/output-dir.js';
import { LoadgenError } from '../../src/errors.js';
import { recordingIo } from '../support/io.js';
import { projectRoot } from '../support/paths.js';
import { breakableDir, readOnlyDir } from '../support/read-only.js';

/** A port nothing listens on: a command that got as far as connecting would say it cannot reach Kafka. */
const NOWHERE = '127.0.0.1:9';

function usageError(fn: () => void): LoadgenError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LoadgenError) return err;
    throw err;
  }
  throw new Error('no error');
}

test('prepareOutputDir creates missing parents and leaves no probe file behind', () => {
  const base = mkdtempSync(join(tmpdir(), 'loadgen-out-'));
  const dir = join(base, 'a', 'b', 'c');
  prepareOutputDir(dir, '--out');
  assert.ok(existsSync(dir));
  assert.equal(readdirSync(dir), []);
  prepareOutputDir(dir, '--out'); // again: an existing directory is fine
});

test('a path under /proc, under a file or in a read-only directory is a usage error naming the flag and path', () => {
  const base = mkdtempSync(join(tmpdir(), 'loadgen-out-'));
  writeFileSync(join(base, 'file'), '');
  const readOnly = readOnlyDir('out-ro');
  try {
    const cases: [string, RegExp][] = [
      ['/proc/nope', /^--out \/proc\/nope: cannot create or write this directory \(ENOENT/],
      [join(base, 'file', 'x'), /is not a directory/],
      [join(readOnly.path, 'run'), /(EROFS|EACCES)/],
      [readOnly.path, /(EROFS|EACCES)/],
    ];
    for (const [dir, message] of cases) {
      const err = usageError(() => prepareOutputDir(dir, '--out'));
      assert.is(err.exitCode, 2, dir);
      assert.match(err.message, message);
      assert.ok(err.message.includes(dir), err.message);
      assert.not.match(err.message, /\n/);
    }
  } finally {
    readOnly.cleanup();
  }
});

test('makeDirectory refuses a file in the way', () => {
  const base = mkdtempSync(join(tmpdir(), 'loadgen-out-'));
  writeFileSync(join(base, 'file'), '');
  assert.throws(() => makeDirectory(join(base, 'file')), /not a directory/);
});

const commands: [string, string[]][] = [
  ['run', ['run', '--rate', '10', '--duration', '1s', '-b', NOWHERE, '--out']],
  ['consume', ['consume', '--idle', '1s', '-b', NOWHERE, '--out']],
  ['find-max', ['find-max', '--slo', 'e2e.p99<50ms', '-b', NOWHERE, '--out']],
];
for (const [name, argv] of commands) {
  test(`loadgen ${name} --out /proc/nope: exit 2 before connecting, one line naming --out`, async () => {
    const io = recordingIo();
    const code = await runCli([...argv, '/proc/nope'], io);
    assert.is(code, 2);
    assert.equal(io.stderr, ['loadgen: --out /proc/nope: cannot create or write this directory (ENOENT: no such file or directory, mkdir \'/proc/nope\')']);
    assert.equal(io.stdout, []);
  });
}

test('loadgen report --format html in a read-only results directory: exit 2 naming it; text still works', async () => {
  const dir = breakableDir('report-ro');
  try {
    cpSync(join(projectRoot, 'test/fixtures/results/with-consumer'), dir.path, { recursive: true });
    dir.makeReadOnly();
    const io = recordingIo();
    assert.is(await runCli(['report', dir.path, '--format', 'html'], io), 2);
    assert.is(io.stderr.length, 1);
    assert.match(io.stderr[0] ?? '', `loadgen: report --format html: ${dir.path}: cannot create or write this directory`);
    assert.not.ok(existsSync(join(dir.path, 'report.html')));
    assert.is(await runCli(['report', dir.path], recordingIo()), 0);
  } finally {
    dir.cleanup();
  }
});

test.run();
