// One page of a SlotSet (src/engine/slot-set.ts): PAGE_SLOTS consecutive slots, kept in the form that costs
// least for how many of them are missing:
// - many: a bitmap, bit (offset & 7) of byte (offset >>> 3), 8 KB;
// - at most MAX_HOLES: the missing offsets, sorted (a page that lost a record or two holds a few bytes, and
//   a page nearly filled waits for its last records that way too);
// - none: only the count.
// The native consumer's pages (native/src/slot_pages.h) take the same forms at the same thresholds.

export const PAGE_SLOTS = 65_536;
export const PAGE_BYTES = PAGE_SLOTS / 8;
export const MAX_HOLES = 64;

export interface Page {
  /** The bitmap, while more than MAX_HOLES slots are missing. */
  bits: Uint8Array | null;
  /** The missing offsets, sorted, while 1 to MAX_HOLES are missing. */
  holes: Uint16Array | null;
  count: number;
}

export function newPage(): Page {
  return { bits: new Uint8Array(PAGE_BYTES), holes: null, count: 0 };
}

export function isFull(page: Page): boolean {
  return page.count === PAGE_SLOTS;
}

/** Adds `offset` (0 to PAGE_SLOTS - 1); false if it was there already. */
export function addTo(page: Page, offset: number): boolean {
  const bits = page.bits;
  if (bits !== null) {
    const byte = offset >>> 3;
    const mask = 1 << (offset & 7);
    if ((bits[byte] as number) & mask) return false;
    bits[byte] = (bits[byte] as number) | mask;
    if (PAGE_SLOTS - ++page.count <= MAX_HOLES) settle(page, bits);
    return true;
  }
  const holes = page.holes;
  if (holes === null) return false; // full
  const at = indexOf(holes, offset);
  if (at < 0) return false;
  const fewer = new Uint16Array(holes.length - 1);
  fewer.set(holes.subarray(0, at));
  fewer.set(holes.subarray(at + 1), at);
  page.holes = fewer.length > 0 ? fewer : null;
  page.count++;
  return true;
}

export function pageHas(page: Page, offset: number): boolean {
  if (page.bits !== null) return ((page.bits[offset >>> 3] as number) & (1 << (offset & 7))) !== 0;
  return page.holes === null || indexOf(page.holes, offset) < 0;
}

/** The page's slots as a bitmap (its own, or one made from its holes), or null when the page is full. */
export function bitmapOf(page: Page): Uint8Array | null {
  if (page.bits !== null) return page.bits;
  return page.holes === null ? null : bitmapWithout(page.holes);
}

/** A page bitmap with every slot set but the offsets given. */
export function bitmapWithout(missing: Iterable<number>): Uint8Array {
  const bits = new Uint8Array(PAGE_BYTES).fill(0xff);
  for (const offset of missing) bits[offset >>> 3] = (bits[offset >>> 3] as number) & ~(1 << (offset & 7));
  return bits;
}

/** A page holding the slots of `bits` (which it may keep as its own), in the form their count calls for. */
export function pageFromBits(bits: Uint8Array): Page {
  const page: Page = { bits, holes: null, count: countBits(bits) };
  if (PAGE_SLOTS - page.count <= MAX_HOLES) settle(page, bits);
  return page;
}

export function copyPage(page: Page): Page {
  return { bits: page.bits?.slice() ?? null, holes: page.holes?.slice() ?? null, count: page.count };
}

/** The lowest and the highest offset in a page that is not empty. */
export function boundsOf(page: Page): [number, number] {
  const bits = bitmapOf(page);
  return bits === null ? [0, PAGE_SLOTS - 1] : [lowestBit(bits), highestBit(bits)];
}

function countBits(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += POPCOUNT[bits[i] as number] as number;
  return n;
}

/** Bits set in both of two page bitmaps. */
export function countBoth(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += POPCOUNT[(a[i] as number) & (b[i] as number)] as number;
  return n;
}

/** Bits set in `a` and not in `b`. */
export function countFirstOnly(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += POPCOUNT[(a[i] as number) & ~(b[i] as number) & 0xff] as number;
  return n;
}

/** A page with at most MAX_HOLES missing: its bitmap becomes the list of what is missing (or nothing). */
function settle(page: Page, bits: Uint8Array): void {
  const missing = PAGE_SLOTS - page.count;
  const holes = new Uint16Array(missing);
  let n = 0;
  for (let byte = 0; byte < PAGE_BYTES && n < missing; byte++) {
    const absent = ~(bits[byte] as number) & 0xff;
    for (let bit = 0; bit < 8; bit++) if (absent & (1 << bit)) holes[n++] = byte * 8 + bit;
  }
  page.bits = null;
  page.holes = missing > 0 ? holes : null;
}

function indexOf(sorted: Uint16Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function lowestBit(bits: Uint8Array): number {
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    if (b !== 0) return i * 8 + (31 - Math.clz32(b & -b));
  }
  return -1;
}

function highestBit(bits: Uint8Array): number {
  for (let i = bits.length - 1; i >= 0; i--) {
    const b = bits[i] as number;
    if (b !== 0) return i * 8 + (31 - Math.clz32(b));
  }
  return -1;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, byte) => {
  let n = 0;
  for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
});
