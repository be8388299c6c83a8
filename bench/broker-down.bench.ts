// Bounded memory with the broker down: loadgen runs at a rate while the local broker is killed (SIGKILL) a few
// seconds in and stays down; librdkafka's queue limits (100,000 messages / 64 MB), the in-flight high water
// (50,000) and the generators' look-ahead bound what can pile up. The run aborts once nothing has settled for
// message.timeout.ms + 5 s. Prints loadgen's peak RSS and how every event ended, then starts the broker again.
// Kills the local broker: not for CI.
// Usage: node dist/bench/broker-down.bench.js [seconds] [rate] [workers]   (defaults 40 20000 2)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadgen, root } from './child-process.js';

const seconds = Number(process.argv[2] ?? 40);
const rate = Number(process.argv[3] ?? 20_000);
const workers = Number(process.argv[4] ?? 2);

// Exit 1 is the expected end: the run aborts when the cluster stops answering.
const running = loadgen(['--rate', String(rate), '--duration', `${seconds}s`, '--workers', String(workers), '--seed', '1', '--no-consumer'], {}, [0, 1]);
await new Promise((resolve) => setTimeout(resolve, 5000));
process.kill(Number(readFileSync(join(root, '.kafka', 'kafka.pid'), 'utf8')), 'SIGKILL');
console.log(`broker killed 5 s into a ${seconds} s run at ${rate}/s with ${workers} generator threads; it stays down until the run ends`);
const result = await running.finally(() => {
  const up = spawnSync('broker/kafka.sh', ['up'], { cwd: root, encoding: 'utf8' });
  if (up.status !== 0) console.error(`restarting the broker failed: ${up.stderr}`);
});
const s = result.summary;
console.log(`status ${s.status}, exit ${result.code}; peak RSS ${result.peakRssMb.toFixed(0)} MB; wall ${result.wallS.toFixed(0)} s`);
console.log(`produced ${s.events.produced}, acked ${s.events.acked}, failed ${s.events.failed} (${Object.entries(s.failures).map(([why, n]) => `${n} x ${why}`).join('; ')})`);
console.log(`produced = acked + failed: ${s.events.produced === s.events.acked + s.events.failed}; sender stalls ${s.generator.stalls}, QUEUE_FULL ${s.generator.queue_full}`);
