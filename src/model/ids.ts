// Identifiers and timestamps in the events' wire format, built for speed (they are on the per-event path).
//
// UUIDv7 layout (RFC 9562): 48-bit Unix ms | version 7 | 12 bits | variant 10 | 62 bits. loadgen fills the
// 12 bits with the generator stream's index and the 62 bits with a 32-bit per-stream counter and 30 bits
// from the run's seeded randomness: ids are unique within a run by construction (time, stream, counter),
// and runs differ by their time and seed.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(x: number): string {
  return (HEX[(x >>> 24) & 255] ?? '') + (HEX[(x >>> 16) & 255] ?? '') + (HEX[(x >>> 8) & 255] ?? '') + (HEX[x & 255] ?? '');
}

function hex4(x: number): string {
  return (HEX[(x >>> 8) & 255] ?? '') + (HEX[x & 255] ?? '');
}

/** UUIDv7 string from a Unix time in ms, a stream index (< 4096), a counter (u32) and 30 random bits. */
export function uuidv7(timeMs: number, stream: number, counter: number, random30: number): string {
  const high = Math.floor(timeMs / 65536); // top 32 of the 48 time bits
  const low = timeMs - high * 65536; // bottom 16
  const randA = 0x7000 | (stream & 0xfff);
  const randB = 0x8000 | ((counter >>> 18) & 0x3fff); // variant 10 + 14 counter bits
  const tailHigh = ((counter & 0x3ffff) << 14) | ((random30 >>> 16) & 0x3fff); // 18 counter + 14 random bits
  const tailLow = random30 & 0xffff; // 16 random bits
  return `${hex8(high)}-${hex4(low)}-${hex4(randA)}-${hex4(randB)}-${hex8(tailHigh >>> 0)}${hex4(tailLow)}`;
}

/** The Unix ms time stored in a UUIDv7. */
export function uuidv7Time(uuid: string): number {
  return parseInt(uuid.slice(0, 8) + uuid.slice(9, 13), 16);
}

const MILLIS = Array.from({ length: 1000 }, (_, i) => `.${String(i).padStart(3, '0')}Z`);

/**
 * RFC 3339 UTC with milliseconds. Date#toISOString costs over a microsecond on a slow core, so the
 * "YYYY-MM-DDTHH:MM:SS" part is formatted once per second and the milliseconds come from a table.
 */
export class TimeFormatter {
  private second = Number.NaN;
  private prefix = '';

  format(timeMs: number): string {
    const ms = Math.floor(timeMs);
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    return this.prefix + MILLIS[ms - second * 1000];
  }
}
