// A set of send-slot numbers, kept in pages of 65,536 slots. The producer keeps the acked slots, the consumer
// the received ones; `lost` is the difference. A page is a bitmap (8 KB, one bit per slot) while some of its
// slots are missing, and only a mark once every slot is in.
//
// Why pages: slots are acked and read out of order only within what is in flight, so a clean run's pages fill
// behind its frontier, and the set holds a few bitmaps however long the run is. One bit per slot for the whole
// run grew by 22 MB an hour at 50,000/s in each process, and a long soak's bitmaps, sent as one JSON message at
// the end, would pass V8's longest string. A page with a failed or lost slot keeps its bitmap, so a run with
// losses holds at most what one bit per slot holds. The native consumer keeps the same pages
// (native/src/slot_pages.h); sets cross threads, processes and files as EncodedSlotSet.

/** Slots per page. The native consumer's kPageSlots is the same; its pages say so (`pageSlots`). */
export const PAGE_SLOTS = 65_536;
const PAGE_BYTES = PAGE_SLOTS / 8;
/** The highest page a decoded set may name: loadgen tracks slots below 2^32 (the native consumer's kMaxSlot). */
const MAX_PAGE = 2 ** 32 / PAGE_SLOTS - 1;

/** A page: its bitmap while some slot is missing, null once all PAGE_SLOTS are in. */
interface Page {
  bits: Uint8Array | null;
  count: number;
}

/**
 * A SlotSet as JSON data: `full` lists the full pages as runs of page numbers, first and last of each run in
 * turn ([0, 99] is pages 0 to 99); `pages` has each other page's bitmap as base64, by page number.
 */
export interface EncodedSlotSet {
  readonly pageSlots: number;
  readonly full: readonly number[];
  readonly pages: Readonly<Record<string, string>>;
}

export class SlotSet {
  private readonly pages = new Map<number, Page>();
  // add() is called per record: the page it used last is usually the next one's page too.
  private lastIndex = -1;
  private last: Page | undefined;
  /** How many distinct slots are in the set. */
  size = 0;
  /** The highest slot added, or -1. */
  max = -1;
  /** The lowest slot added, or Infinity. */
  min = Infinity;

  /** Adds a slot (a whole number up to 2^53); false if it was already there (a duplicate). */
  add(slot: number): boolean {
    const index = Math.floor(slot / PAGE_SLOTS);
    let page = index === this.lastIndex ? this.last : this.pages.get(index);
    if (page === undefined) {
      page = { bits: new Uint8Array(PAGE_BYTES), count: 0 };
      this.pages.set(index, page);
    }
    this.lastIndex = index;
    this.last = page;
    const bits = page.bits;
    if (bits === null) return false;
    const offset = slot - index * PAGE_SLOTS;
    const byte = offset >>> 3;
    const mask = 1 << (offset & 7);
    if ((bits[byte] as number) & mask) return false;
    bits[byte] = (bits[byte] as number) | mask;
    if (++page.count === PAGE_SLOTS) page.bits = null;
    this.size++;
    if (slot > this.max) this.max = slot;
    if (slot < this.min) this.min = slot;
    return true;
  }

  has(slot: number): boolean {
    const index = Math.floor(slot / PAGE_SLOTS);
    const page = this.pages.get(index);
    if (page === undefined) return false;
    if (page.bits === null) return true;
    const offset = slot - index * PAGE_SLOTS;
    return ((page.bits[offset >>> 3] as number) & (1 << (offset & 7))) !== 0;
  }

  /** Slots of this set that `other` lacks. */
  missingFrom(other: SlotSet): number {
    let missing = 0;
    for (const [index, mine] of this.pages) {
      const theirs = other.pages.get(index);
      if (theirs === undefined) missing += mine.count;
      else if (theirs.bits === null) continue;
      else if (mine.bits === null) missing += PAGE_SLOTS - theirs.count;
      else missing += countFirstOnly(mine.bits, theirs.bits);
    }
    return missing;
  }

  /** Adds every slot of `other`; returns how many were here already (duplicates across the two sets). */
  merge(other: SlotSet): number {
    let overlap = 0;
    for (const [index, theirs] of other.pages) {
      const mine = this.pages.get(index);
      if (mine === undefined) {
        this.pages.set(index, { bits: theirs.bits?.slice() ?? null, count: theirs.count });
        this.size += theirs.count;
        continue;
      }
      const before = mine.count;
      if (mine.bits === null) {
        overlap += theirs.count;
      } else if (theirs.bits === null) {
        overlap += mine.count;
        mine.bits = null;
        mine.count = PAGE_SLOTS;
      } else {
        overlap += countBoth(theirs.bits, mine.bits);
        for (let i = 0; i < PAGE_BYTES; i++) mine.bits[i] = (mine.bits[i] as number) | (theirs.bits[i] as number);
        mine.count = countBits(mine.bits);
        if (mine.count === PAGE_SLOTS) mine.bits = null;
      }
      this.size += mine.count - before;
    }
    this.lastIndex = -1;
    this.last = undefined;
    if (other.max > this.max) this.max = other.max;
    if (other.min < this.min) this.min = other.min;
    return overlap;
  }

  /** Slots between the lowest and the highest added that were never added (gaps in the sequence). */
  gaps(): number {
    return this.size === 0 ? 0 : this.max - this.min + 1 - this.size;
  }

  /** The pages held as bitmaps (each PAGE_SLOTS / 8 bytes): what the set costs in memory, besides a few bytes per full page. */
  bitmapPages(): number {
    let n = 0;
    for (const page of this.pages.values()) if (page.bits !== null) n++;
    return n;
  }

  encode(): EncodedSlotSet {
    const full: number[] = [];
    const pages: Record<string, string> = {};
    for (const index of [...this.pages.keys()].sort((a, b) => a - b)) {
      const page = this.pages.get(index) as Page;
      if (page.bits !== null) {
        pages[index] = Buffer.from(page.bits.buffer, page.bits.byteOffset, page.bits.byteLength).toString('base64');
      } else if (full.length > 0 && full[full.length - 1] === index - 1) {
        full[full.length - 1] = index;
      } else {
        full.push(index, index);
      }
    }
    return { pageSlots: PAGE_SLOTS, full, pages };
  }

  /**
   * What encode() gave, or an earlier loadgen's form: one bitmap of the whole run (bit slot & 7 of byte
   * slot >>> 3) as base64, as older slots.json files hold. Throws on anything else.
   */
  static decode(encoded: EncodedSlotSet | string): SlotSet {
    if (typeof encoded === 'string') return SlotSet.fromBitmap(new Uint8Array(Buffer.from(encoded, 'base64')));
    const { pageSlots, full, pages } = encoded;
    if (pageSlots !== PAGE_SLOTS) throw new Error(`slot pages of ${pageSlots} slots, where this loadgen uses ${PAGE_SLOTS}`);
    if (!Array.isArray(full) || full.length % 2 !== 0 || typeof pages !== 'object' || pages === null) throw new Error('not a slot set');
    const set = new SlotSet();
    for (let i = 0; i < full.length; i += 2) {
      const [first, last] = [full[i], full[i + 1]];
      if (!isPageIndex(first) || !isPageIndex(last) || last < first) throw new Error(`bad run of full pages: ${first}..${last}`);
      for (let index = first; index <= last; index++) set.putPage(index, null);
    }
    for (const [key, text] of Object.entries(pages)) {
      const bits = new Uint8Array(Buffer.from(text, 'base64'));
      if (!isPageIndex(Number(key)) || bits.length !== PAGE_BYTES) throw new Error(`bad page ${key}`);
      set.putPage(Number(key), bits);
    }
    return set;
  }

  /** A set from one bitmap of the whole range (bit slot & 7 of byte slot >>> 3). */
  static fromBitmap(bytes: Uint8Array): SlotSet {
    const set = new SlotSet();
    for (let start = 0; start < bytes.length; start += PAGE_BYTES) {
      const bits = new Uint8Array(PAGE_BYTES);
      bits.set(bytes.subarray(start, start + PAGE_BYTES));
      if (bits.some((b) => b !== 0)) set.putPage(start / PAGE_BYTES, bits);
    }
    return set;
  }

  /**
   * A set from the native consumer's pages: `full` page numbers, and `partial` page numbers whose bitmaps lie
   * in turn in `bits` (PAGE_SLOTS / 8 bytes each).
   */
  static fromPages(pageSlots: number, full: ArrayLike<number>, partial: ArrayLike<number>, bits: Uint8Array): SlotSet {
    if (pageSlots !== PAGE_SLOTS || bits.length !== partial.length * PAGE_BYTES) {
      throw new Error(`native slot pages (${pageSlots} slots, ${bits.length} bytes for ${partial.length} pages) do not match SlotSet's`);
    }
    const set = new SlotSet();
    for (let i = 0; i < full.length; i++) set.putPage(full[i] as number, null);
    for (let i = 0; i < partial.length; i++) set.putPage(partial[i] as number, bits.slice(i * PAGE_BYTES, (i + 1) * PAGE_BYTES));
    return set;
  }

  /** Sets page `index` (absent so far) to `bits`, or to full for null, and updates size, min and max. */
  private putPage(index: number, bits: Uint8Array | null): void {
    if (this.pages.has(index)) throw new Error(`page ${index} given twice`);
    const count = bits === null ? PAGE_SLOTS : countBits(bits);
    if (count === 0) return;
    this.pages.set(index, { bits: count === PAGE_SLOTS ? null : bits, count });
    this.size += count;
    const base = index * PAGE_SLOTS;
    const low = base + (bits === null ? 0 : lowestBit(bits));
    const high = base + (bits === null ? PAGE_SLOTS - 1 : highestBit(bits));
    if (high > this.max) this.max = high;
    if (low < this.min) this.min = low;
  }
}

/** The slots of `sets` (by producer id) that `others` lack, over all producers. */
export function missingAcross(sets: ReadonlyMap<number, SlotSet>, others: ReadonlyMap<number, SlotSet>): number {
  let missing = 0;
  for (const [producer, set] of sets) missing += set.missingFrom(others.get(producer) ?? new SlotSet());
  return missing;
}

/** Slot sets by producer id as plain data, to cross threads and processes and to be written to files. */
export function encodeSlotSets(sets: ReadonlyMap<number, SlotSet>): Record<string, EncodedSlotSet> {
  return Object.fromEntries([...sets].map(([producer, set]) => [String(producer), set.encode()]));
}

/** What encodeSlotSets() gave (or an earlier loadgen's base64 bitmaps), decoded. */
export function decodeSlotSets(encoded: Readonly<Record<string, EncodedSlotSet | string>>): Map<number, SlotSet> {
  return new Map(Object.entries(encoded).map(([producer, set]) => [Number(producer), SlotSet.decode(set)]));
}

function isPageIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_PAGE;
}

function countBits(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += POPCOUNT[bits[i] as number] as number;
  return n;
}

/** Bits set in both of two page bitmaps. */
function countBoth(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += POPCOUNT[(a[i] as number) & (b[i] as number)] as number;
  return n;
}

/** Bits set in `a` and not in `b`. */
function countFirstOnly(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += POPCOUNT[(a[i] as number) & ~(b[i] as number) & 0xff] as number;
  return n;
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
