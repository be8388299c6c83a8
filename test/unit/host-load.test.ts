// The host beside the latencies (src/engine/host-load.ts): /proc/stat's CPU times and each watched process's
// CPU, turned into one sample per call, from fixed /proc texts (no clock, no machine).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HostSampler, hostFlag, parseCpuTimes, parseProcessTicks, summarizeHost, type HostSecond } from '../../src/engine/host-load.js';

/** /proc/stat for two CPUs: totals in USER_HZ ticks (user nice system idle iowait irq softirq steal guest guest_nice). */
const procStat = (user: number, system: number, idle: number, steal: number) =>
  `cpu  ${user} 0 ${system} ${idle} 0 0 0 ${steal} 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 123\nctxt 456\n`;
/** /proc/PID/stat with utime and stime (fields 14 and 15); the name holds a space and a parenthesis. */
const pidStat = (utime: number, stime: number) => `4242 (node (x) y) S 1 2 3 4 5 6 7 8 9 10 ${utime} ${stime} 0 0 20 0 9 0 1 2 3`;

test('/proc/stat: busy is user, nice, system, irq and softirq; idle counts iowait; steal apart; CPUs counted', () => {
  assert.equal(parseCpuTimes('cpu  10 1 5 100 7 2 3 4 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n'), { cpus: 1, busy: 21, idle: 107, steal: 4 });
  assert.is(parseCpuTimes('nothing here'), null);
  assert.is(parseCpuTimes('cpu  1 2 three 4 5 6 7 8'), null);
  assert.is(parseProcessTicks(pidStat(250, 50)), 300);
  assert.is(parseProcessTicks('garbage'), null);
});

test('each sample covers the time since the previous one: shares of all CPUs, and cores per process', () => {
  // Each step: the reader's next /proc/stat and the loadgen and consumer processes' ticks; null: unreadable.
  const steps: [string, [number, number] | null][] = [
    //        user  sys  idle steal      loadgen   consumer (utime, stime)
    [procStat(1000, 100, 5000, 0),  [100, 0]],
    [procStat(1120, 140, 5020, 20), [220, 20]], // 200 ticks over 1 s: 160 busy (80%), 20 idle, 20 stolen (10%)
    [procStat(1120, 140, 5220, 20), [220, 20]], // all idle
  ];
  let step = 0;
  const read = (path: string) => {
    const [stat, consumer] = steps[step] as [string, [number, number] | null];
    if (path === '/proc/stat') return stat;
    if (path === '/proc/1/stat') return pidStat(120 * step, 20 * step);
    return consumer === null ? null : pidStat(...consumer);
  };
  const sampler = new HostSampler(read, () => [{ label: 'loadgen', pid: 1 }, { label: 'consumer', pid: 2 }], 0);
  assert.ok(sampler.available);
  step = 1;
  assert.equal(sampler.sample(1_000_000), { cpus: 2, busyPercent: 80, stealPercent: 10, cores: { loadgen: 1.4, consumer: 1.4 } });
  step = 2;
  // Two seconds this time: the cores are per second of wall time.
  assert.equal(sampler.sample(3_000_000), { cpus: 2, busyPercent: 0, stealPercent: 0, cores: { loadgen: 0.7, consumer: 0 } });
});

test('no /proc (not Linux): nothing to sample; a process that ended is left out', () => {
  const none = new HostSampler(() => null, () => [{ label: 'loadgen', pid: 1 }], 0);
  assert.not.ok(none.available);
  assert.is(none.sample(1_000_000), null);
  let ended = false;
  const read = (path: string) => (path === '/proc/stat' ? procStat(ended ? 200 : 100, 0, 100, 0) : ended ? null : pidStat(10, 0));
  const sampler = new HostSampler(read, () => [{ label: 'consumer', pid: 7 }], 0);
  ended = true;
  assert.equal(sampler.sample(1_000_000), { cpus: 2, busyPercent: 100, stealPercent: 0, cores: {} });
});

test('the summary: means over the seconds, the seconds with no idle CPU and with steal, cores per process', () => {
  const second = (busyPercent: number, stealPercent: number, loadgen: number): HostSecond => ({ cpus: 2, busyPercent, stealPercent, cores: { loadgen } });
  const seconds = [second(60, 0, 1), second(90, 5, 1.5), second(70, 30, 1.2), second(99, 0, 1.9)];
  assert.equal(summarizeHost(seconds), { cpus: 2, busy_percent: 79.8, steal_percent: 8.8, no_idle_seconds: 3, steal_seconds: 1, cores: { loadgen: 1.4 } });
  assert.is(summarizeHost([]), null);
});

test('the progress line flags a second with no idle CPU or with steal, and says nothing otherwise', () => {
  const s = (busyPercent: number, stealPercent: number): HostSecond => ({ cpus: 2, busyPercent, stealPercent, cores: {} });
  assert.is(hostFlag(s(60, 2)), '');
  assert.is(hostFlag(s(97, 1)), '  HOST NO IDLE CPU');
  assert.is(hostFlag(s(70, 28)), '  HOST NO IDLE CPU, STEAL 28%');
  assert.is(hostFlag(s(40, 12)), '  HOST BUSY 40%, STEAL 12%');
  assert.is(hostFlag(null), '');
});

test.run();
