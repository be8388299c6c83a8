// W3C trace context for sampled events (--trace-sample): which events are sampled, and the `traceparent`
// header each carries, `00-<trace id>-<parent id>-01`. The decision and the ids come from the event id
// alone, so a seed replays them, every thread decides alike, and a downstream stage finds the event by its
// trace: the trace id is the event id (a UUID, 32 hex digits) without its dashes.

export interface TraceContext {
  /** 32 lowercase hex digits: the event id without dashes. */
  readonly traceId: string;
  /** 16 lowercase hex digits, never all zero: the producer span's id, the header's parent id. */
  readonly spanId: string;
  /** The header value: version 00, sampled. */
  readonly traceparent: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** FNV-1a, 32 bits, of a string's UTF-16 code units, with a seed: fast, and good enough to sample by. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Whether an event is sampled at `fraction` (0: none; 1: every one). */
export function isSampled(eventId: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  return fnv1a(eventId, 0) / 4294967296 < fraction;
}

/** The trace context of a sampled event, or null when its id cannot be a trace id (not a UUID, or all zeros). */
export function traceContextOf(eventId: string): TraceContext | null {
  if (!UUID.test(eventId)) return null;
  const traceId = eventId.replaceAll('-', '').toLowerCase();
  if (/^0+$/.test(traceId)) return null;
  // Two more hashes make the 64-bit span id; the low bit is forced so it is never all zero.
  const hi = fnv1a(eventId, 0x9e3779b9).toString(16).padStart(8, '0');
  const lo = ((fnv1a(eventId, 0x85ebca6b) | 1) >>> 0).toString(16).padStart(8, '0');
  const spanId = `${hi}${lo}`;
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** A W3C traceparent (version 00) taken apart, or null when it is not one. */
export function parseTraceparent(value: string): { traceId: string; parentId: string; sampled: boolean } | null {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value);
  if (!m || /^0+$/.test(m[1] as string) || /^0+$/.test(m[2] as string)) return null;
  return { traceId: m[1] as string, parentId: m[2] as string, sampled: (Number.parseInt(m[3] as string, 16) & 1) === 1 };
}
