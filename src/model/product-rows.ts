// The catalog's fixed facts per product (category, brand, list price, change period and phase), computed
// once and kept in a flat buffer of rows rather than one object per product.
//
// Why: a view draws a product by popularity and the session keeps it; with an object per product, every view
// of a product outside a small cache allocated one (and its strings), and those objects outlived the young
// generation, so the generation path spent a fifth of its time collecting them. Rows are numbers in arrays:
// nothing to allocate or collect per view.
//
// Why shared memory: the facts are pure functions of (seed, product index), so every generator thread of a
// run computes the same rows; in a SharedArrayBuffer they are computed and stored once for all threads. A row
// is filled lazily by whichever thread needs it first: it writes the fields, then stores the row's tag with
// Atomics; a reader that loads the tag with Atomics sees the fields written before it. Two threads filling one
// row at once write identical bytes, so the race is harmless.
//
// A catalog larger than SHARED_ROWS_LIMIT is not shared: each thread keeps a direct-mapped cache of
// CACHE_ROWS rows instead (a slot holds one product at a time, so it cannot be shared).

/** Catalogs up to this many products get one row per product (32 B each: 32 MB at this limit, touched lazily). */
export const SHARED_ROWS_LIMIT = 1 << 20;
const CACHE_ROWS = 1 << 16;
/**
 * One row per product, its fields side by side: base price (f64 at byte 0), then period, phase, category,
 * brand and tag (i32 at bytes 8-27), padded to 32 bytes. Why side by side: a view reads every field of a
 * product drawn from a long tail (166,794 products by default), and with one array per field that was up to
 * five cache misses per product instead of one.
 */
const ROW_BYTES = 32;
const ROW_INTS = ROW_BYTES / 4;
const ROW_DOUBLES = ROW_BYTES / 8;
/** Field offsets in ints from a row's start. */
const enum At { Period = 2, Phase = 3, Category = 4, Brand = 5, Tag = 6 }

/** Shared memory for the rows of a catalog of `products`, to hand to every thread; undefined when too large to share. */
export function productRowsBuffer(products: number): SharedArrayBuffer | undefined {
  return products <= SHARED_ROWS_LIMIT ? new SharedArrayBuffer(products * ROW_BYTES) : undefined;
}

export interface ProductFacts {
  readonly category: number;
  readonly brand: number;
  readonly basePrice: number;
  readonly period: number;
  readonly phase: number;
}

export class ProductRows {
  /** Rows held: the catalog's size when shared, else CACHE_ROWS. */
  readonly capacity: number;
  /** The rows as ints and as doubles (the same bytes). A row's tag: 1 + the index of its product; 0 while empty. */
  private readonly ints: Int32Array;
  private readonly doubles: Float64Array;
  /** The buffer to hand to other threads' catalogs, or null when rows are a per-thread cache. */
  readonly shareable: SharedArrayBuffer | null;
  /**
   * Shared rows only: this thread's own mark of the rows it has seen filled (with Atomics, once), so that
   * reading a product afterwards is a plain read of thread-local memory: Atomics.load is a call, not an
   * inlined load, and a view reads a product's row five or six times.
   */
  private readonly seen: Uint8Array | null;

  /**
   * Rows for a catalog of `products`. `shared` is another catalog's `shareable` buffer (same scenario and
   * seed), so that threads use one copy; without it the rows start empty.
   */
  constructor(
    products: number,
    private readonly compute: (index: number) => ProductFacts,
    shared?: SharedArrayBuffer,
  ) {
    this.capacity = products <= SHARED_ROWS_LIMIT ? products : CACHE_ROWS;
    const bytes = this.capacity * ROW_BYTES;
    if (shared !== undefined && shared.byteLength !== bytes) throw new Error(`shared product rows hold ${shared.byteLength} bytes, expected ${bytes}`);
    const buffer = shared ?? productRowsBuffer(products) ?? new ArrayBuffer(bytes);
    this.shareable = buffer instanceof SharedArrayBuffer ? buffer : null;
    this.ints = new Int32Array(buffer);
    this.doubles = new Float64Array(buffer);
    this.seen = this.shareable ? new Uint8Array(this.capacity) : null;
  }

  /** The slot holding product `index`'s facts, filled first if empty (or holding another product). */
  slot(index: number): number {
    const slot = index % this.capacity;
    // Shared rows hold one product each (capacity = products), so a row seen filled stays this product's.
    if (this.seen !== null ? this.seen[slot] === 1 : this.ints[slot * ROW_INTS + At.Tag] === index + 1) return slot;
    return this.fill(index, slot);
  }

  basePrice(slot: number): number {
    return this.doubles[slot * ROW_DOUBLES] ?? 0;
  }

  period(slot: number): number {
    return this.ints[slot * ROW_INTS + At.Period] ?? 1;
  }

  phase(slot: number): number {
    return this.ints[slot * ROW_INTS + At.Phase] ?? 0;
  }

  category(slot: number): number {
    return this.ints[slot * ROW_INTS + At.Category] ?? 0;
  }

  brand(slot: number): number {
    return this.ints[slot * ROW_INTS + At.Brand] ?? 0;
  }

  private fill(index: number, slot: number): number {
    const row = slot * ROW_INTS;
    if (Atomics.load(this.ints, row + At.Tag) === index + 1) {
      if (this.seen !== null) this.seen[slot] = 1; // another thread filled it
      return slot;
    }
    const facts = this.compute(index);
    this.doubles[slot * ROW_DOUBLES] = facts.basePrice;
    this.ints[row + At.Period] = facts.period;
    this.ints[row + At.Phase] = facts.phase;
    this.ints[row + At.Category] = facts.category;
    this.ints[row + At.Brand] = facts.brand;
    Atomics.store(this.ints, row + At.Tag, index + 1);
    if (this.seen !== null) this.seen[slot] = 1;
    return slot;
  }
}
