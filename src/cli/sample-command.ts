// `loadgen sample`: prints generated events as JSON Lines, or (--stats) how their statistics compare with
// the REES46 reference. Output goes out in 64 KiB chunks with backpressure, and stops quietly if the reader
// goes away.
import { errors } from '../errors.js';
import type { GenerationPipeline, PipelineRecord } from '../events/pipeline.js';
import { REFERENCE, StatisticsCollector, type SampleStatistics } from '../model/statistics.js';
import { resolveSampleConfig, sampleRecords, type SampleConfig, type SampleFlags } from '../sample.js';
import type { Io } from './io.js';
import { alignColumns } from '../report/text-table.js';

const CHUNK_CHARS = 64 * 1024;

export async function sampleCommand(flags: SampleFlags, io: Io): Promise<void> {
  const config = resolveSampleConfig(flags, { nowMs: io.now() });
  if (config.seedDrawn) io.err(`loadgen: sample seed ${config.seed} (add --seed ${config.seed} to replay it)`);
  const records = sampleRecords(config);
  let pipeline: GenerationPipeline | undefined;
  if (config.stats) {
    const collector = new StatisticsCollector();
    for (let r = records.next(); ; r = records.next()) {
      if (r.done) {
        pipeline = r.value;
        break;
      }
      collector.addRecord(r.value);
    }
    for (const line of renderStatistics(collector.result(), config)) io.out(line);
  } else {
    let chunk = '';
    for (let r = records.next(); ; r = records.next()) {
      if (r.done) {
        pipeline = r.value;
        break;
      }
      const line = formatRecord(r.value, config);
      if (line !== undefined) chunk += `${line}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        if (!(await io.write(chunk))) return;
        chunk = '';
      }
    }
    if (chunk && !(await io.write(chunk))) return;
  }
  reportFaults(pipeline);
}

/** One output line; undefined for a tombstone in jsonl (it has no value to print). */
export function formatRecord(record: PipelineRecord, config: Pick<SampleConfig, 'format'>): string | undefined {
  if (config.format === 'jsonl') return record.value ?? undefined;
  const headers = record.injected ? `{"loadgen-invalid":${JSON.stringify(record.injected.reason)}}` : '{}';
  return `{"topic":"${record.topic}","key":${JSON.stringify(record.key)},"timestamp":${Math.floor(record.timeMs)},"headers":${headers},"value":${record.value ?? 'null'}}`;
}

function reportFaults(pipeline: GenerationPipeline | undefined): void {
  if (!pipeline || pipeline.invalid.size === 0) return;
  const total = [...pipeline.invalid.values()].reduce((a, b) => a + b, 0);
  const first = [...pipeline.invalid.entries()][0];
  throw errors.generation(`${total} generated events failed validation and were not emitted (first: ${first?.[0]} x${first?.[1]})`);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const num = (x: number, digits = 2) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));

export function renderStatistics(s: SampleStatistics, config: Pick<SampleConfig, 'seed' | 'sessions'>): string[] {
  const rows: [string, string, string][] = [
    ['statistic', 'generated', 'REES46 reference'],
    ['events', num(s.events), ''],
    [`sessions (seed ${config.seed})`, num(s.sessions), ''],
    ...Object.entries(s.by_type).map(([type, n]): [string, string, string] => [`  ${type}`, num(n), '']),
    ['view share', pct(s.view_share), pct(REFERENCE.view_share)],
    ['cart-add share', pct(s.cart_share), pct(REFERENCE.cart_share)],
    ['purchase share', pct(s.purchase_share), pct(REFERENCE.purchase_share)],
    ['cart adds per 1,000 views', num(s.carts_per_1000_views, 1), num(REFERENCE.carts_per_1000_views, 1)],
    ['purchases per 1,000 views', num(s.purchases_per_1000_views, 1), num(REFERENCE.purchases_per_1000_views, 1)],
    ['cart removals per cart add', num(s.removals_per_cart_add, 3), num(REFERENCE.removals_per_cart_add, 3)],
  ];
  for (const from of ['view', 'cart', 'purchase'] as const) {
    const g = s.transitions[from];
    const r = REFERENCE.transitions[from];
    const fmt = (x: { view: number; cart: number; purchase: number; exit: number }) =>
      [x.view, x.cart, x.purchase, x.exit].map((v) => v.toFixed(2)).join(' / ');
    rows.push([`after ${from}: view/cart/purchase/exit %`, fmt(g), fmt(r)]);
  }
  const l = s.session_length;
  const rl = REFERENCE.session_length;
  rows.push(
    ['events per session p50/p75/p90/p95/p99', `${l.p50} / ${l.p75} / ${l.p90} / ${l.p95} / ${l.p99}`, `${rl.p50} / ${rl.p75} / ${rl.p90} / ${rl.p95} / ${rl.p99}`],
    ['events per session, mean', num(l.mean), num(rl.mean)],
    ['sessions with one event', pct(l.one_event_share), pct(rl.one_event_share)],
    ['popularity (Zipf exponent)', num(s.popularity_exponent, 3), num(REFERENCE.popularity_exponent, 3)],
    ['price median / p90 / max (catalog)', `${num(s.price.median)} / ${num(s.price.p90)} / ${num(s.price.max)}`, `${REFERENCE.price.median} / ${REFERENCE.price.p90} / ${REFERENCE.price.max}`],
    ['products bought per buying session', num(s.products_per_buying_session, 3), num(REFERENCE.products_per_buying_session, 3)],
    ['users with one session (in this window)', pct(s.single_session_user_share), `${pct(REFERENCE.single_session_user_share)} (a month)`],
    ['distinct products / categories / brands', `${num(s.distinct.products)} / ${num(s.distinct.categories)} / ${num(s.distinct.brands)}`, '166,794 / 624 / ~3,400'],
  );
  return alignColumns(rows, 'text');
}
