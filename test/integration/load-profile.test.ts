// Load shapes against the real broker (issue 16's acceptance): a stepped profile sends every whole second
// after the first within 5% of its target, a flash-sale spike is followed within its rise, and warm-up
// events are acked and read but absent from the run's latency histograms.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';

async function run(...args: string[]): Promise<RunSummary> {
  const out = mkdtempSync(join(tmpdir(), 'loadgen-profile-'));
  const done = await runLoadgen([...args, '--workers', '2', '--seed', '5', '--quiet', '--out', out, '-b', BROKERS], { timeoutMs: 120_000 });
  assert.is(done.status, 0, done.stderr);
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
}

type Second = RunSummary['per_second'][number];

/**
 * The whole seconds whose records queued (sent) are off their target by more than `tolerance`, as
 * "t: sent/target (acked)", less one slip across one boundary that the run itself measured (below).
 * Sends, not acks: at a step down, acks counted by when they come carry the faster step's last records
 * into the slower step's first second (about 3 extra at 4,000/s for each millisecond of ack latency:
 * 1,069 and 1,132 acks against 1,000 in two CI runs on a busy host), which measures the broker's latency,
 * not the schedule.
 */
function offTarget(s: RunSummary, from: number, to: number, tolerance: number): string[] {
  const off = (p: Second) => Math.abs((p.sent ?? -1) - (p.target ?? 0)) > tolerance * (p.target ?? 0);
  const misses = s.per_second.filter((p) => p.t >= from && p.t < to && off(p));
  if (measuredSlip(s, misses, tolerance)) return [];
  return misses.map((p) => `${p.t}: ${p.sent}/${p.target} (${p.acked} acked)`);
}

/**
 * Whether the misses are one slip that a stalled host causes: the records due in the last moments of
 * second t went out just after its end, so t sent short and t + 1 over by as many (within the tolerance),
 * and the run's own publish-delay max is at least as long as that many records took at t's rate, so the
 * run measured and reported the lateness. Once in CI, with steal up to 27%, the 4,000/s step sent 3,609
 * and 4,374. A wrong rate, an early send, a lost or an extra record, or two slips still fail.
 */
function measuredSlip(s: RunSummary, misses: Second[], tolerance: number): boolean {
  const short = misses.find((p) => (p.sent ?? 0) < (p.target ?? 0)) ?? s.per_second[(misses[0]?.t ?? 0) - 1];
  const next = short && s.per_second[short.t + 1];
  if (!short || !next || misses.some((p) => p.t !== short.t && p.t !== next.t)) return false;
  const [sent, target, nextSent, nextTarget] = [short.sent ?? 0, short.target ?? 0, next.sent ?? 0, next.target ?? 0];
  const late = target - sent;
  const maxDelayMs = s.latency_ms.publish_delay?.max ?? 0;
  return late > 0 && Math.abs(late - (nextSent - nextTarget)) <= tolerance * nextTarget && late <= (maxDelayMs / 1000) * target + 1;
}

test('steps of 1,000 -> 4,000 -> 1,000/s, 10 s each: every second after the first sends within 5% of its target', async () => {
  const s = await run('--profile', 'steps:10s@1000,10s@4000,10s@1000');
  assert.is(s.status, 'complete');
  assert.equal(s.events.acked, 60_000, 'the steps\' events, exactly');
  assert.equal([s.consumer?.lost, s.consumer?.duplicates, s.events.failed], [0, 0, 0]);
  assert.equal(s.per_second.slice(0, 30).map((p) => p.target), [...Array(10).fill(1000), ...Array(10).fill(4000), ...Array(10).fill(1000)]);
  assert.equal(offTarget(s, 1, 30, 0.05), []);
  assert.is(s.config.rate, 'profile');
  assert.is(s.target_rate, 2000);
});

test('a spike (x4 over a 2 s rise, held 5 s) is followed within its rise; a 3 s warm-up is counted but kept apart', async () => {
  const s = await run('--rate', '1000', '--profile', 'spike:at=8s,rise=2s,factor=4,hold=5s,fall=0', '--duration', '18s', '--warmup', '3s');
  assert.is(s.status, 'complete');
  // 18 s at 1,000/s, plus the spike: 1 s of its rise's mean extra (1,500/s) twice over, and 5 s of 3,000/s extra.
  assert.is(s.events.acked, 18_000 + 3000 + 15_000);
  // The rise's seconds have targets of 1,750 and 3,250 (its mean over each): acks follow them, and the held seconds.
  assert.equal(s.per_second.slice(7, 16).map((p) => p.target), [1000, 1750, 3250, 4000, 4000, 4000, 4000, 4000, 1000]);
  assert.equal(offTarget(s, 1, 18, 0.05), []);
  // The warm-up: its 3,000 events were acked and read, and are in its own figures, not the run's.
  const w = s.warmup;
  assert.ok(w);
  assert.equal([w.duration_s, w.acked, w.received], [3, 3000, 3000]);
  assert.is(w.latency_ms.ack?.count, 3000);
  assert.is(w.latency_ms.e2e?.count, 3000);
  assert.is(s.latency_ms.ack?.count, s.events.acked - 3000);
  assert.is(s.latency_ms.e2e?.count, (s.consumer?.received ?? 0) - 3000);
  assert.is(s.latency_ms.publish_delay?.count, s.events.produced - 3000);
  assert.equal([s.consumer?.lost, s.consumer?.duplicates], [0, 0]);
});

test.run();
