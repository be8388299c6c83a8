// A set of send-slot numbers, kept in pages of 65,536 slots (src/engine/slot-page.ts). The producer keeps the
// acked slots, the consumer the received ones; `lost` is the difference. A page is a bitmap (8 KB) while many
// of its slots are missing, the sorted list of what is missing once at most 64 are, and only a count once
// every slot is in.
//
// Why pages: slots are acked and read out of order only within what is in flight, so a clean run's pages fill
// behind its frontier, and the set holds a few bitmaps however long the run is. One bit per slot for the whole
// run grew by 22 MB an hour at 50,000/s in each process, and a long soak's bitmaps, sent as one JSON message at
// the end, would pass V8's longest string. A page that lost a few records keeps a few bytes for them. The
// native consumer keeps the same pages (native/src/slot_pages.h); sets cross threads, processes and files as
// EncodedSlotSet.
import { MAX_SLOT } from '../events/record-header.js';
import {
  MAX_HOLES, PAGE_BYTES, PAGE_SLOTS, type Page, addTo, bitmapOf, bitmapWithout, boundsOf, copyPage, countBoth, countFirstOnly, isFull, newPage, pageFromBits, pageHas,
} from './slot-page.js';

export { PAGE_SLOTS } from './slot-page.js';
/** The highest page a decoded set may name. */
const MAX_PAGE = Math.floor(MAX_SLOT / PAGE_SLOTS);
/** Any full page, as pageAt() gives one of the full prefix. Never changed: addTo() leaves a full page alone. */
const FULL_PAGE: Page = Object.freeze({ bits: null, holes: null, count: PAGE_SLOTS }) as Page;

/**
 * A SlotSet as JSON data: `full` lists the full pages as runs of page numbers, first and last of each run in
 * turn ([0, 99] is pages 0 to 99); `holes` has, by page number, the missing offsets of each page that misses
 * at most 64; `pages` has each other page's bitmap as base64.
 */
export interface EncodedSlotSet {
  readonly pageSlots: number;
  readonly full: readonly number[];
  readonly holes?: Readonly<Record<string, readonly number[]>>;
  readonly pages: Readonly<Record<string, string>>;
}

export class SlotSet {
  /** Pages 0 to fullBelow - 1 are all full: they are only this number, not entries of `pages`. */
  private fullBelow = 0;
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

  /** Adds a slot (a whole number up to MAX_SLOT, 2^40 - 1); false if it was already there (a duplicate). */
  add(slot: number): boolean {
    const index = Math.floor(slot / PAGE_SLOTS);
    if (index < this.fullBelow) return false;
    let page = index === this.lastIndex ? this.last : this.pages.get(index);
    if (page === undefined) {
      page = newPage();
      this.pages.set(index, page);
    }
    this.lastIndex = index;
    this.last = page;
    if (!addTo(page, slot - index * PAGE_SLOTS)) return false;
    if (index === this.fullBelow && isFull(page)) this.compact();
    this.size++;
    if (slot > this.max) this.max = slot;
    if (slot < this.min) this.min = slot;
    return true;
  }

  has(slot: number): boolean {
    const index = Math.floor(slot / PAGE_SLOTS);
    const page = this.pageAt(index);
    return page !== undefined && pageHas(page, slot - index * PAGE_SLOTS);
  }

  /** Slots of this set that `other` lacks. */
  missingFrom(other: SlotSet): number {
    let missing = 0;
    // Of this set's full prefix, only the pages past the other's can miss anything.
    for (let index = other.fullBelow; index < this.fullBelow; index++) missing += PAGE_SLOTS - (other.pages.get(index)?.count ?? 0);
    for (const [index, mine] of this.pages) {
      const theirs = other.pageAt(index);
      if (theirs === undefined) missing += mine.count;
      else if (isFull(theirs)) continue;
      else if (isFull(mine)) missing += PAGE_SLOTS - theirs.count;
      else missing += countFirstOnly(bitmapOf(mine) as Uint8Array, bitmapOf(theirs) as Uint8Array);
    }
    return missing;
  }

  /** Adds every slot of `other`; returns how many were here already (duplicates across the two sets). */
  merge(other: SlotSet): number {
    let overlap = PAGE_SLOTS * Math.min(this.fullBelow, other.fullBelow);
    for (let index = this.fullBelow; index < other.fullBelow; index++) overlap += this.mergePage(index, FULL_PAGE);
    for (const [index, theirs] of other.pages) overlap += this.mergePage(index, theirs);
    this.compact();
    if (other.max > this.max) this.max = other.max;
    if (other.min < this.min) this.min = other.min;
    return overlap;
  }

  /** Slots between the lowest and the highest added that were never added (gaps in the sequence). */
  gaps(): number {
    return this.size === 0 ? 0 : this.max - this.min + 1 - this.size;
  }

  /** The pages held as bitmaps (each PAGE_SLOTS / 8 bytes): the bulk of what the set costs in memory. */
  bitmapPages(): number {
    let n = 0;
    for (const page of this.pages.values()) if (page.bits !== null) n++;
    return n;
  }

  /** The missing slots held as lists, over the pages that miss at most 64 (2 bytes each). */
  holes(): number {
    let n = 0;
    for (const page of this.pages.values()) n += page.holes?.length ?? 0;
    return n;
  }

  /** The pages held as entries, besides the full prefix: a few in a clean run, however long. */
  pagesHeld(): number {
    return this.pages.size;
  }

  encode(): EncodedSlotSet {
    const full: number[] = this.fullBelow > 0 ? [0, this.fullBelow - 1] : [];
    const holes: Record<string, number[]> = {};
    const pages: Record<string, string> = {};
    for (const index of [...this.pages.keys()].sort((a, b) => a - b)) {
      const page = this.pages.get(index) as Page;
      if (page.bits !== null) {
        pages[index] = Buffer.from(page.bits.buffer, page.bits.byteOffset, page.bits.byteLength).toString('base64');
      } else if (page.holes !== null) {
        holes[index] = [...page.holes];
      } else if (full.length > 0 && full[full.length - 1] === index - 1) {
        full[full.length - 1] = index;
      } else {
        full.push(index, index);
      }
    }
    return { pageSlots: PAGE_SLOTS, full, holes, pages };
  }

  /**
   * What encode() gave, or an earlier loadgen's form: one bitmap of the whole run (bit slot & 7 of byte
   * slot >>> 3) as base64, as older slots.json files hold. Throws on anything else.
   */
  static decode(encoded: EncodedSlotSet | string): SlotSet {
    if (typeof encoded === 'string') return SlotSet.fromBitmap(new Uint8Array(Buffer.from(encoded, 'base64')));
    const { pageSlots, full, holes = {}, pages } = encoded;
    if (pageSlots !== PAGE_SLOTS) throw new Error(`slot pages of ${pageSlots} slots, where this loadgen uses ${PAGE_SLOTS}`);
    if (!Array.isArray(full) || !isRecord(pages) || !isRecord(holes)) throw new Error('not a slot set');
    const set = new SlotSet();
    set.putFullRuns(full);
    for (const [key, missing] of Object.entries(holes)) {
      if (!isPageIndex(Number(key)) || !Array.isArray(missing) || missing.length > MAX_HOLES || !missing.every(isOffset)) throw new Error(`bad holes of page ${key}`);
      set.putPage(Number(key), bitmapWithout(missing));
    }
    for (const [key, text] of Object.entries(pages)) {
      const bits = new Uint8Array(Buffer.from(text, 'base64'));
      if (!isPageIndex(Number(key)) || bits.length !== PAGE_BYTES) throw new Error(`bad page ${key}`);
      set.putPage(Number(key), bits);
    }
    set.compact();
    return set;
  }

  /** A set from one bitmap of the whole range (bit slot & 7 of byte slot >>> 3). */
  static fromBitmap(bytes: Uint8Array): SlotSet {
    const set = new SlotSet();
    for (let start = 0; start < bytes.length; start += PAGE_BYTES) {
      const bits = new Uint8Array(PAGE_BYTES);
      bits.set(bytes.subarray(start, start + PAGE_BYTES));
      set.putPage(start / PAGE_BYTES, bits);
    }
    set.compact();
    return set;
  }

  /**
   * A set from the native consumer's pages: runs of full pages (first and last page number of each, in turn),
   * and `partial` page numbers whose bitmaps lie in turn in `bits` (PAGE_SLOTS / 8 bytes each).
   */
  static fromPages(pageSlots: number, fullRuns: ArrayLike<number>, partial: ArrayLike<number>, bits: Uint8Array): SlotSet {
    if (pageSlots !== PAGE_SLOTS || bits.length !== partial.length * PAGE_BYTES) {
      throw new Error(`native slot pages (${pageSlots} slots, ${bits.length} bytes for ${partial.length} pages) do not match SlotSet's`);
    }
    const set = new SlotSet();
    set.putFullRuns(Array.from(fullRuns));
    for (let i = 0; i < partial.length; i++) set.putPage(partial[i] as number, bits.slice(i * PAGE_BYTES, (i + 1) * PAGE_BYTES));
    set.compact();
    return set;
  }

  private pageAt(index: number): Page | undefined {
    return index < this.fullBelow ? FULL_PAGE : this.pages.get(index);
  }

  /** Unites page `index` of another set into this one; returns the slots both held. */
  private mergePage(index: number, theirs: Page): number {
    const mine = this.pageAt(index);
    if (mine === undefined) {
      this.pages.set(index, copyPage(theirs));
      this.size += theirs.count;
      return 0;
    }
    if (isFull(mine)) return theirs.count;
    if (isFull(theirs)) {
      this.size += PAGE_SLOTS - mine.count;
      this.pages.set(index, copyPage(theirs));
      return mine.count;
    }
    const bits = (mine.bits ?? bitmapOf(mine)) as Uint8Array;
    const add = bitmapOf(theirs) as Uint8Array;
    const both = countBoth(bits, add);
    for (let i = 0; i < PAGE_BYTES; i++) bits[i] = (bits[i] as number) | (add[i] as number);
    const united = pageFromBits(bits);
    this.size += united.count - mine.count;
    this.pages.set(index, united);
    return both;
  }

  /** Full pages at the start of `pages` join the full prefix. */
  private compact(): void {
    for (let page = this.pages.get(this.fullBelow); page !== undefined && isFull(page); page = this.pages.get(this.fullBelow)) {
      this.pages.delete(this.fullBelow++);
    }
    this.lastIndex = -1;
    this.last = undefined;
  }

  /** Adds runs of full pages (first and last page number of each, in turn) to a set being built. */
  private putFullRuns(runs: readonly unknown[]): void {
    if (runs.length % 2 !== 0) throw new Error('not a slot set');
    for (let i = 0; i < runs.length; i += 2) {
      const [first, last] = [runs[i], runs[i + 1]];
      if (!isPageIndex(first) || !isPageIndex(last) || last < first) throw new Error(`bad run of full pages: ${first}..${last}`);
      if (first === this.fullBelow && this.pages.size === 0) {
        // The prefix a clean run's set is: no page by page.
        this.fullBelow = last + 1;
        this.size += (last - first + 1) * PAGE_SLOTS;
        this.min = Math.min(this.min, first * PAGE_SLOTS);
        this.max = Math.max(this.max, (last + 1) * PAGE_SLOTS - 1);
      } else {
        for (let index = first; index <= last; index++) this.putPage(index, null);
      }
    }
  }

  /** Sets page `index` (absent so far) to the slots of `bits` (which it may keep), or to full for null. */
  private putPage(index: number, bits: Uint8Array | null): void {
    if (this.pageAt(index) !== undefined) throw new Error(`page ${index} given twice`);
    const page = bits === null ? copyPage(FULL_PAGE) : pageFromBits(bits);
    if (page.count === 0) return;
    this.pages.set(index, page);
    this.size += page.count;
    const [low, high] = boundsOf(page).map((offset) => index * PAGE_SLOTS + offset) as [number, number];
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

function isOffset(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < PAGE_SLOTS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
