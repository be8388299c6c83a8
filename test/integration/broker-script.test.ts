// broker/kafka.sh, the native half of `make up`: idempotent on a running broker, and fast, clear failures when
// the port is taken or Maven cannot fetch. The failure cases use their own KAFKA_DIR and never touch the
// broker under test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../support/paths.js';

const script = join(projectRoot, 'broker/kafka.sh');
const scratch = mkdtempSync(join(tmpdir(), 'loadgen-broker-test-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

function kafkaSh(args: string[], env: Record<string, string>) {
  const started = Date.now();
  const result = spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, LOADGEN_BROKER: 'native', ...env },
  });
  return { ...result, ms: Date.now() - started };
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

test('up on the running broker says so and succeeds without starting another, and keeps its warm-up stamp', () => {
  // make up's warm-up stamped it (broker/warmup.sh), unless BROKER_WARMUP=0: stamp it here if not.
  const stamp = join(projectRoot, '.kafka/warmed');
  const hadStamp = existsSync(stamp);
  if (!hadStamp) writeFileSync(stamp, '');
  try {
    const result = kafkaSh(['up'], {});
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, 'broker already running');
    assert.ok(existsSync(stamp), 'a running broker is not warmed up again');
  } finally {
    if (!hadStamp) rmSync(stamp, { force: true });
  }
});

test('up fails at once, naming the port, when another process holds it', async () => {
  const server = await listen();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const result = kafkaSh(['up'], { KAFKA_PORT: String(port), KAFKA_DIR: join(scratch, 'port') });
    assert.is(result.status, 1);
    assert.match(result.stderr, `port ${port} on 127.0.0.1 is already in use`);
    assert.ok(result.ms < 60_000, `took ${result.ms} ms`);
  } finally {
    server.close();
  }
});

test('up fails within a minute, saying Maven could not fetch, and leaves no jars or process', async () => {
  const server = await listen(); // take a free port number, then release it for the broker-to-be
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  const settings = join(scratch, 'settings.xml');
  // Every repository is mirrored to a closed port: Maven cannot fetch anything.
  writeFileSync(settings, '<settings><mirrors><mirror><id>nowhere</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/maven2</url></mirror></mirrors></settings>');
  const dir = join(scratch, 'maven');
  const result = kafkaSh(['up'], {
    KAFKA_PORT: String(port),
    KAFKA_DIR: dir,
    KAFKA_MAVEN_ARGS: `-s ${settings} -Dmaven.repo.local=${join(scratch, 'empty-repo')}`,
  });
  assert.is(result.status, 1);
  assert.match(result.stderr, 'Maven could not fetch the Kafka jars');
  assert.ok(result.ms < 60_000, `took ${result.ms} ms`);
  assert.equal(readdirSync(dir).sort(), ['logs'], 'no lib/, no pid file');
  // No process left behind: none mentions this test's KAFKA_DIR (a broker's command line names its
  // server.properties and log directory there, Maven's its output directory), and nothing answers on the port.
  assert.equal(processesMentioning(dir), []);
  assert.is(await connectError(port), 'ECONNREFUSED', `something listens on port ${port}`);
});

/** Processes, other than this one, whose command line contains `text` (Linux /proc), as "pid: command line". */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      continue; // it ended meanwhile
    }
    if (cmdline.includes(text) && Number(pid) !== process.pid) found.push(`${pid}: ${cmdline}`);
  }
  return found;
}

/** The error code of a connection to 127.0.0.1:port, or 'connected'. */
function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

test.run();
