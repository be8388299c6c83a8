// Runs with --embedded announce their mock cluster (src/kafka/embedded-registry.ts) so that consume and topics
// can find it: one file per live run, written whole, withdrawn at the end, stale ones ignored and removed.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { announceCluster, announcedClusters, embeddedClusterFor, embeddedRegistryDir, processAlive, watchAnnounced } from '../../src/kafka/embedded-registry.js';
import { usageErrorOf } from '../support/errors.js';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'loadgen-registry-')), 'clusters');
const cluster = (pid: number) => ({ pid, runId: `run-${pid}`, bootstraps: `127.0.0.1:${40000 + pid}`, brokers: 3 });
const everyoneAlive = () => true;

test('a run announces its cluster while it lasts and withdraws it at the end', () => {
  const dir = freshDir();
  assert.equal(announcedClusters(dir, everyoneAlive), [], 'no directory yet: nothing announced');
  const withdraw = announceCluster(dir, cluster(101));
  assert.equal(readdirSync(dir), ['101.json'], 'one file, no temporary left');
  assert.equal(announcedClusters(dir, everyoneAlive), [cluster(101)]);
  assert.equal(embeddedClusterFor('consume', dir, everyoneAlive), cluster(101));
  withdraw();
  withdraw(); // idempotent: the run's end and its error path may both withdraw
  assert.equal(announcedClusters(dir, everyoneAlive), []);
});

test('a cluster whose run is gone (killed) is ignored and its file removed; so is a damaged file', () => {
  const dir = freshDir();
  announceCluster(dir, cluster(201));
  announceCluster(dir, cluster(202));
  writeFileSync(join(dir, '203.json'), '{"pid": 203, "runId":'); // cut short
  writeFileSync(join(dir, 'notes.txt'), 'not an announcement');
  assert.equal(announcedClusters(dir, (pid) => pid === 202), [cluster(202)]);
  assert.equal(readdirSync(dir).sort(), ['202.json', 'notes.txt']);
});

test('none or several running: exit 2 in one line that says what to do', () => {
  const dir = freshDir();
  const none = usageErrorOf(() => embeddedClusterFor('topics', dir, everyoneAlive));
  assert.match(none, /^--embedded: no `loadgen run --embedded` is running on this host for topics to read .*give --brokers$/);
  assert.not.match(none, /\n/);
  announceCluster(dir, cluster(302));
  announceCluster(dir, cluster(301));
  const several = usageErrorOf(() => embeddedClusterFor('consume', dir, everyoneAlive));
  assert.match(several, /^--embedded: 2 runs with a mock cluster are running on this host \(run run-301 \(pid 301\) at 127\.0\.0\.1:40301; run run-302 /);
  assert.match(several, /give --brokers with one's addresses$/);
});

test('the directory: $LOADGEN_EMBEDDED_DIR, else one per user under the temporary directory', () => {
  assert.is(embeddedRegistryDir({ LOADGEN_EMBEDDED_DIR: '/somewhere' }), '/somewhere');
  assert.is(embeddedRegistryDir({}), join(tmpdir(), `loadgen-mock-clusters-${process.getuid?.() ?? 'user'}`));
  assert.is(embeddedRegistryDir({ LOADGEN_EMBEDDED_DIR: '' }), embeddedRegistryDir({}));
});

const ticks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('watchAnnounced: once when the run withdraws its cluster or its process is gone; never after its stop', async () => {
  const dir = freshDir();
  const withdraw = announceCluster(dir, cluster(401));
  let gone = 0;
  watchAnnounced(dir, cluster(401), () => gone++, everyoneAlive, 5);
  await ticks(40);
  assert.is(gone, 0, 'announced and alive: nothing');
  withdraw();
  await ticks(40);
  assert.is(gone, 1, 'withdrawn: called once, then the watch ends');

  announceCluster(dir, cluster(402));
  let alive = true;
  let killed = 0;
  watchAnnounced(dir, cluster(402), () => killed++, () => alive, 5);
  alive = false; // a run killed with SIGKILL leaves its file behind
  await ticks(40);
  assert.is(killed, 1);

  announceCluster(dir, cluster(403));
  let stoppedCalls = 0;
  const stop = watchAnnounced(dir, cluster(403), () => stoppedCalls++, everyoneAlive, 5);
  stop();
  announcedClusters(dir, () => false); // removes the file
  await ticks(40);
  assert.is(stoppedCalls, 0);
});

test('processAlive: this process is, a process that has exited is not', () => {
  assert.ok(processAlive(process.pid));
  assert.not.ok(processAlive(2 ** 22 + 12345), 'above the largest pid Linux hands out');
  assert.ok(existsSync('/proc/self') ? processAlive(1) : true, 'pid 1 (EPERM for another user still means alive)');
});

test.run();
