// The local broker that `make up` started (broker/kafka.sh), for the fault tests that kill it mid-run. The
// restart belongs in a finally: a failed test must never leave the broker down for the tests after it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { runBounded } from './child.js';
import { projectRoot } from './paths.js';
import { pollUntil } from './wait.js';

const pidFile = join(projectRoot, '.kafka', 'kafka.pid');

/** Whether `pid` is a live Kafka broker (an exited one can linger as a zombie with an empty command line). */
function isBroker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

/** SIGKILLs the native broker (as a crash would) and waits until it is gone. */
export async function killBroker(): Promise<void> {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(isBroker(pid), `${pidFile} names a running broker (the fault tests need the native broker)`);
  process.kill(pid, 'SIGKILL');
  await pollUntil(`broker ${pid} gone after SIGKILL`, () => !isBroker(pid), { timeoutMs: 30_000 });
}

/** `broker/kafka.sh up`: starts the broker again, or says it is running; fails the test if it cannot. */
export async function restartBroker(): Promise<void> {
  // kafka.sh gives up by itself after KAFKA_START_TIMEOUT (60 s); the bound here only catches a hang.
  const up = await runBounded('broker/kafka.sh', ['up'], { timeoutMs: 180_000 });
  assert.is(up.status, 0, `broker/kafka.sh up\n${up.stdout}\n${up.stderr}`);
}
