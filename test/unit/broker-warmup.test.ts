// broker/warmup.sh, the last step of `make up`: it loads a broker that kafka.sh has just started (no stamp)
// with loadgen, then stamps it; a stamped broker, or a duration of 0, is left alone; a failed warm-up fails
// `make up` and leaves no stamp. A stand-in loadgen (LOADGEN) records its arguments: no broker needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../support/paths.js';

const script = join(projectRoot, 'broker/warmup.sh');
const scratch = mkdtempSync(join(tmpdir(), 'loadgen-warmup-test-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs warmup.sh with a stand-in loadgen that writes its arguments to `calls` and exits with `exitCode`. */
function warmup(name: string, args: string[], exitCode = 0) {
  const dir = join(scratch, name);
  const calls = join(scratch, `${name}-calls`);
  const fake = join(scratch, `${name}-loadgen.sh`);
  const says = exitCode === 0 ? '' : `echo 'the stand-in says no' >&2\n`;
  writeFileSync(fake, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> '${calls}'\n${says}exit ${exitCode}\n`, { mode: 0o755 });
  const result = spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, KAFKA_DIR: dir, LOADGEN: fake } });
  const ran = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
  return { ...result, ran, stamp: join(dir, 'warmed') };
}

test('a broker without the stamp is loaded for the duration, with the consumer, then stamped', () => {
  const r = warmup('fresh', ['45s', '127.0.0.1:9092']);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.ran.length, 1);
  assert.match(r.ran[0] as string, /^--rate 50000 --workers 2 --duration 45s --seed 1 --quiet --out \S+ -b 127\.0\.0\.1:9092$/);
  assert.not.match(r.ran[0] as string, /--no-consumer/);
  assert.match(r.stdout, 'warm-up: the broker was just started; 45s at 50,000 events/s, not reported (BROKER_WARMUP=0 skips it)');
  assert.ok(existsSync(r.stamp));
  // Its results directory is not kept.
  const out = (r.ran[0] as string).split(' ')[9] as string;
  assert.not.ok(existsSync(out), out);
});

test('a stamped broker, or a duration of 0, is left alone', () => {
  const first = warmup('again', ['45s', 'h:1']);
  assert.is(first.status, 0, first.stderr);
  const second = warmup('again', ['45s', 'h:1']);
  assert.equal([second.status, second.ran.length, second.stdout], [0, 1, '']); // still the first call only
  const skipped = warmup('zero', ['0', 'h:1']);
  assert.equal([skipped.status, skipped.ran.length, skipped.stdout, existsSync(skipped.stamp)], [0, 0, '', false]);
});

test('a failed warm-up fails, with loadgen\'s own message, and leaves no stamp; missing arguments are a usage error', () => {
  const r = warmup('failing', ['5s', 'h:1'], 1);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'the stand-in says no');
  assert.not.ok(existsSync(r.stamp));
  const bare = warmup('bare', []);
  assert.not.equal(bare.status, 0);
  assert.match(bare.stderr, 'usage: broker/warmup.sh <duration> <brokers>');
});

test.run();
