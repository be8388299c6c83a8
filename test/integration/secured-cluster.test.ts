// loadgen against the local broker's secured listeners (broker/kafka.sh): SASL_PLAINTEXT with SCRAM-SHA-512
// through -X flags, TLS through a --config file, both producer and companion consumer; wrong credentials
// give a clear error and exit 1; the password shows nowhere: not in the output, not in the results.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/engine/summary.js';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

const port = Number(BROKERS.split(':').at(-1));
const secured = join(projectRoot, '.kafka', 'secured');
const password = readFileSync(join(secured, 'sasl-password'), 'utf8').trim();
const SASL = [`-b`, `127.0.0.1:${port + 2}`, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=loadgen'];

function loadgen(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-secured-'));
  const run = spawnSync(loadgenBin, [...args, '--count', '300', '--rate', '150', '--workers', '1', '--quiet', '--out', out, '--connect-timeout', '5s'], {
    cwd: projectRoot, encoding: 'utf8', timeout: 90_000,
  });
  const results = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  return { run, out, results };
}

test('SASL/SCRAM-SHA-512 via -X: produced, acked and read back; the password is masked everywhere', () => {
  const { run, out, results } = loadgen([...SASL, '-X', `sasl.password=${password}`]);
  assert.is(run.status, 0, run.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.events.acked, 300);
  assert.is(summary.consumer?.received, 300, 'the companion consumer connected with the same credentials');
  assert.is(summary.config.properties['sasl.password'], '*****');
  for (const text of [run.stdout, run.stderr, results]) assert.not.ok(text.includes(password), 'the password shows nowhere');
});

test('TLS via a --config file: verified against the self-signed CA, produced and read back', () => {
  const config = join(mkdtempSync(join(tmpdir(), 'loadgen-tls-')), 'tls.json');
  writeFileSync(config, JSON.stringify({ brokers: `127.0.0.1:${port + 3}`, properties: { 'security.protocol': 'SSL', 'ssl.ca.location': join(secured, 'ca.pem') } }));
  const { run, out } = loadgen(['--config', config]);
  assert.is(run.status, 0, run.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.is(summary.consumer?.received, 300);
});

test('wrong credentials: exit 1 with an authentication error, the wrong password not echoed', () => {
  const { run } = loadgen([...SASL, '-X', 'sasl.password=not-the-password']);
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stderr, /authentication/i);
  assert.not.match(run.stderr, 'not-the-password');
  assert.is(run.stderr.trim().split('\n').filter((l) => l.startsWith('loadgen:') && !l.includes(': run ')).length, 1, run.stderr);
});

test.run();
