// Identifiers and timestamps in the events' wire format, built for speed (they are on the per-event path).
//
// UUIDv7 layout (RFC 9562): 48-bit Unix ms | version 7 | 12 bits | variant 10 | 62 bits. loadgen fills the
// 12 bits with the generator stream's index and the 62 bits with a 32-bit per-stream counter and 30 bits
// from the run's seeded randomness: ids are unique within a run by construction (time, stream, counter),
// and runs differ by their time and seed.

// Strings are built with String.fromCharCode over a reused array of char codes, which makes a flat string.
// Concatenation would make a rope (a V8 cons-string) that every later regex test and write must flatten:
// measured here, ropes nearly doubled the cost of validating a click (3.2-3.8 us down to 1.6-2.0 us).
const HEX_CODES = new Uint8Array(16).map((_, i) => '0123456789abcdef'.charCodeAt(i));
const DASH = 45;
const uuidCodes = new Array<number>(36).fill(DASH);

function putHex(codes: number[], at: number, value: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    codes[at + i] = HEX_CODES[value & 15] ?? 48;
    value >>>= 4;
  }
}

/** UUIDv7 string from a Unix time in ms, a stream index (< 4096), a counter (u32) and 30 random bits. */
export function uuidv7(timeMs: number, stream: number, counter: number, random30: number): string {
  const high = Math.floor(timeMs / 65536); // top 32 of the 48 time bits
  const c = uuidCodes;
  putHex(c, 0, high >>> 0, 8);
  putHex(c, 9, timeMs - high * 65536, 4); // bottom 16 time bits
  putHex(c, 14, 0x7000 | (stream & 0xfff), 4); // version 7 + stream
  putHex(c, 19, 0x8000 | ((counter >>> 18) & 0x3fff), 4); // variant 10 + top 14 counter bits
  putHex(c, 24, (((counter & 0x3ffff) << 14) | ((random30 >>> 16) & 0x3fff)) >>> 0, 8); // 18 counter + 14 random
  putHex(c, 32, random30 & 0xffff, 4); // 16 random bits
  return String.fromCharCode.apply(null, c);
}

/** The Unix ms time stored in a UUIDv7. */
export function uuidv7Time(uuid: string): number {
  return parseInt(uuid.slice(0, 8) + uuid.slice(9, 13), 16);
}

/**
 * RFC 3339 UTC with milliseconds. Date#toISOString costs over a microsecond on a slow core, so the
 * "YYYY-MM-DDTHH:MM:SS" part is formatted once per second, the milliseconds are filled in as char codes, and
 * the last result is reused for events in the same millisecond.
 */
export class TimeFormatter {
  private second = Number.NaN;
  private lastMs = Number.NaN;
  private lastText = '';
  private readonly codes = new Array<number>(24).fill(0);

  format(timeMs: number): string {
    const ms = Math.floor(timeMs);
    if (ms === this.lastMs) return this.lastText;
    const second = Math.floor(ms / 1000);
    const c = this.codes;
    if (second !== this.second) {
      this.second = second;
      const prefix = new Date(second * 1000).toISOString();
      for (let i = 0; i < 24; i++) c[i] = prefix.charCodeAt(i);
    }
    // Integers by `| 0`: millis comes of doubles (ms is past 2^31), and one non-integer store turned `codes`
    // into an array of doubles, a map of its own; the run's fresh formatter then failed the warm-up's
    // compiled code ("wrong map", element-kinds.ts).
    const millis = (ms - second * 1000) | 0;
    c[20] = 48 + ((millis / 100) | 0);
    c[21] = 48 + (((millis / 10) | 0) % 10);
    c[22] = 48 + (millis % 10);
    this.lastMs = ms;
    this.lastText = String.fromCharCode.apply(null, c);
    return this.lastText;
  }
}
