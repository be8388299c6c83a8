// The one header every loadgen record carries, `lg`, read by the companion consumer:
//   <run id>/<producer id>/<slot>/<intended send time, us>/<actual send time, us>
// ASCII only: node-rdkafka sends header values as C strings (a NUL would cut them), and each header object
// costs in produce(), so everything the consumer needs is in one.

export const LG_HEADER = 'lg';
const DIGITS = /^\d+$/;
/** The highest slot loadgen tracks (SlotSet, the native consumer's kMaxSlot): a trillion records per producer thread. */
export const MAX_SLOT = 2 ** 40 - 1;

export interface RecordStamp {
  readonly runId: string;
  readonly producerId: number;
  /** The send slot: 0, 1, 2, ... per producer, so a gap is a lost record and a repeat a duplicate. */
  readonly slot: number;
  /** When the record should have been sent (the schedule), us since the Unix epoch. */
  readonly intendedUs: number;
  /** When it was handed to the client. */
  readonly actualUs: number;
}

export function formatStamp(s: RecordStamp): string {
  return `${s.runId}/${s.producerId}/${s.slot}/${Math.round(s.intendedUs)}/${Math.round(s.actualUs)}`;
}

/** The stamp in a header value, or null when it is not one (another tool's record, or damaged). */
export function parseStamp(value: string): RecordStamp | null {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[0] === '') return null;
  // Decimal digits only, as the native parser reads them: Number() would take '' as 0, and ' 7', '0x7', '7e0'.
  if (!parts.slice(1).every((part) => DIGITS.test(part))) return null;
  const [producerId, slot, intendedUs, actualUs] = parts.slice(1).map(Number) as [number, number, number, number];
  if (![producerId, slot, intendedUs, actualUs].every((n) => Number.isSafeInteger(n)) || slot > MAX_SLOT) return null;
  return { runId: parts[0] as string, producerId, slot, intendedUs, actualUs };
}
