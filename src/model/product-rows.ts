// The catalog's fixed facts per product (category, brand, list price, change period and phase), computed
// once and kept in flat typed arrays rather than one object per product.
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

/** Catalogs up to this many products get one row per product (26 B each: 26 MB at this limit, touched lazily). */
export const SHARED_ROWS_LIMIT = 1 << 20;
const CACHE_ROWS = 1 << 16;
/** Bytes per row: base price (f64), period, phase, category, brand, tag (i32 each). */
const ROW_BYTES = 8 + 5 * 4;

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
  readonly basePrice: Float64Array;
  readonly period: Int32Array;
  readonly phase: Int32Array;
  readonly category: Int32Array;
  readonly brand: Int32Array;
  /** Per slot: 1 + the index of the product whose facts it holds; 0 while empty. */
  private readonly tag: Int32Array;
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
    const n = this.capacity;
    this.basePrice = new Float64Array(buffer, 0, n);
    this.period = new Int32Array(buffer, 8 * n, n);
    this.phase = new Int32Array(buffer, 12 * n, n);
    this.category = new Int32Array(buffer, 16 * n, n);
    this.brand = new Int32Array(buffer, 20 * n, n);
    this.tag = new Int32Array(buffer, 24 * n, n);
    this.seen = this.shareable ? new Uint8Array(n) : null;
  }

  /** The slot holding product `index`'s facts, filled first if empty (or holding another product). */
  slot(index: number): number {
    const slot = index % this.capacity;
    // Shared rows hold one product each (capacity = products), so a row seen filled stays this product's.
    if (this.seen !== null ? this.seen[slot] === 1 : this.tag[slot] === index + 1) return slot;
    return this.fill(index, slot);
  }

  private fill(index: number, slot: number): number {
    if (Atomics.load(this.tag, slot) === index + 1) {
      if (this.seen !== null) this.seen[slot] = 1; // another thread filled it
      return slot;
    }
    const facts = this.compute(index);
    this.basePrice[slot] = facts.basePrice;
    this.period[slot] = facts.period;
    this.phase[slot] = facts.phase;
    this.category[slot] = facts.category;
    this.brand[slot] = facts.brand;
    Atomics.store(this.tag, slot, index + 1);
    if (this.seen !== null) this.seen[slot] = 1;
    return slot;
  }
}
