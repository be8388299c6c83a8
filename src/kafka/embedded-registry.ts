// Where runs with --embedded announce their mock cluster on this host, so that `loadgen consume --embedded`
// and `loadgen topics --embedded` reach it while the run lasts.
//
// Why: a mock cluster lives inside the process that started it (src/kafka/embedded-cluster.ts) and is gone
// when that run ends; a consume or topics command that started a mock cluster of its own would only ever
// see an empty cluster. So the run writes one small file per process (<dir>/<pid>.json: its run id and the
// mock brokers' addresses) while its cluster is up and removes it at the end; a file whose process is gone
// (a run killed with SIGKILL) is ignored and removed by the next reader.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors } from '../errors.js';

export interface AnnouncedCluster {
  readonly pid: number;
  readonly runId: string;
  /** The mock brokers' addresses (bootstrap.servers). */
  readonly bootstraps: string;
  readonly brokers: number;
}

/** The directory runs announce in: $LOADGEN_EMBEDDED_DIR, or one per user under the temporary directory. */
export function embeddedRegistryDir(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env['LOADGEN_EMBEDDED_DIR'];
  if (configured !== undefined && configured !== '') return configured;
  return join(tmpdir(), `loadgen-mock-clusters-${process.getuid?.() ?? 'user'}`);
}

/** Announces `cluster` in `dir` (written whole, then renamed: a reader never sees half a file); returns its withdrawal. */
export function announceCluster(dir: string, cluster: AnnouncedCluster): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${cluster.pid}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(cluster)}\n`);
  renameSync(`${file}.tmp`, file);
  return () => rmSync(file, { force: true });
}

/** Whether a process is alive (signal 0 checks without signalling; EPERM: alive, another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The clusters announced in `dir` whose run is still alive, oldest process first; stale files are removed. */
export function announcedClusters(dir: string, alive: (pid: number) => boolean = processAlive): AnnouncedCluster[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no run has announced a cluster on this host yet
  }
  const found: AnnouncedCluster[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const cluster = parseAnnouncement(readText(join(dir, name)));
    if (cluster !== null && alive(cluster.pid)) found.push(cluster);
    else rmSync(join(dir, name), { force: true });
  }
  return found.sort((a, b) => a.pid - b.pid);
}

/** The one announced cluster that --embedded means for consume and topics; exit 2 for none or several. */
export function embeddedClusterFor(command: string, dir: string, alive: (pid: number) => boolean = processAlive): AnnouncedCluster {
  const found = announcedClusters(dir, alive);
  const [only] = found;
  if (only === undefined) {
    throw errors.usage(`--embedded: no \`loadgen run --embedded\` is running on this host for ${command} to read (a mock cluster lives only as long as the run that started it); start one, or give --brokers`);
  }
  if (found.length > 1) {
    const list = found.map((c) => `run ${c.runId} (pid ${c.pid}) at ${c.bootstraps}`).join('; ');
    throw errors.usage(`--embedded: ${found.length} runs with a mock cluster are running on this host (${list}); give --brokers with one's addresses`);
  }
  return only;
}

/**
 * Calls `onGone` once when `cluster`'s run has ended: its announcement withdrawn, or its process gone. Checked
 * every `everyMs`; returns the stop. Why: a reader of a mock cluster would otherwise wait forever for a
 * cluster that no longer exists, where a Kafka cluster that goes away may come back.
 */
export function watchAnnounced(dir: string, cluster: AnnouncedCluster, onGone: () => void, alive: (pid: number) => boolean = processAlive, everyMs = 500): () => void {
  const file = join(dir, `${cluster.pid}.json`);
  const timer = setInterval(() => {
    if (existsSync(file) && alive(cluster.pid)) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref(); // never what keeps a process alive
  return () => clearInterval(timer);
}

/** How consume and topics name the cluster they read, in their first line. */
export function describeAnnounced(cluster: AnnouncedCluster): string {
  return `librdkafka's mock cluster of run ${cluster.runId} (pid ${cluster.pid}, ${cluster.brokers} brokers at ${cluster.bootstraps}; not Kafka)`;
}

/** What consume says when it stops because the run that held its cluster has ended. */
export function describeEnded(cluster: AnnouncedCluster): string {
  return `run ${cluster.runId} (pid ${cluster.pid}) has ended, and its mock cluster with it: stopping`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function parseAnnouncement(text: string): AnnouncedCluster | null {
  try {
    const value = JSON.parse(text) as Partial<AnnouncedCluster>;
    const { pid, runId, bootstraps, brokers } = value;
    if (typeof pid !== 'number' || typeof runId !== 'string' || typeof bootstraps !== 'string' || typeof brokers !== 'number') return null;
    return { pid, runId, bootstraps, brokers };
  } catch {
    return null;
  }
}
