// The product catalog as pure functions of (seed, product index, time bucket), so every generator thread
// computes the same category, brand, price, stock and listing for a product at a given time without talking
// to the others (the fixed facts are computed once per product and may be shared: product-rows.ts). Catalog
// changes therefore line up with the prices sessions see.
import { ZipfSampler, normalCdf, normalQuantile, type Uniform } from './distributions.js';
import { brandName, categoryCode } from './catalog-vocabulary.js';
import { ProductRows, type ProductFacts } from './product-rows.js';
import { unitHash } from './random.js';
import type { Scenario } from './scenario.js';
import { objectSlots } from './element-kinds.js';

/** A product as an object: for catalog changes' consumers and tests (the hot path reads fields by index). */
export interface Product {
  readonly index: number;
  readonly id: number;
  readonly categoryId: number;
  readonly categoryCode: string;
  readonly brand: string;
  /** List price before any discount, USD with cents. */
  readonly basePrice: number;
}

export interface ProductState {
  readonly listed: boolean;
  readonly price: number;
  readonly stock: number;
}

/** A catalog change; `product` is the product's index. */
export type CatalogChange =
  | { readonly kind: 'price_change' | 'stock_change' | 'listed'; readonly product: number; readonly oldPrice: number | null; readonly state: ProductState }
  | { readonly kind: 'delisted'; readonly product: number };

// Salts keep the hashes of different facts about one product independent.
const enum Salt { Category = 1, Brand, Price, Period, Phase, Listing, Sale, Discount, Stock }

const DISCOUNTS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4] as const;

/**
 * Products are addressed by index (0 is the most viewed); their fixed facts live in ProductRows, computed on
 * first use, and their state in a time bucket (listed, price, stock) is hashed on demand, so reading a
 * product allocates nothing.
 */
export class Catalog {
  readonly size: number;
  private readonly zipf: ZipfSampler;
  private readonly idMultiplier: number;
  private readonly mu: number;
  private readonly sigma: number;
  private readonly maxQuantile: number;
  private readonly bucketMs: number;
  private readonly periodMin: number;
  private readonly periodSpan: number;
  private readonly rows: ProductRows;
  private readonly categoryCodes: string[];
  private readonly brandNames: (string | undefined)[];

  /** `sharedRows`: another Catalog's `shareableRows` for the same scenario and seed (another thread's). */
  constructor(
    private readonly config: Scenario['catalog'],
    private readonly seed: number,
    sharedRows?: SharedArrayBuffer,
  ) {
    this.size = config.products;
    this.zipf = new ZipfSampler(config.products, config.popularity_exponent);
    this.idMultiplier = coprimeMultiplier(config.products);
    // List prices are log-normal, truncated (drawn within range) at price_max, and fitted so that observed
    // prices (list prices with the sale discounts applied) have the configured median and 90th percentile.
    [this.mu, this.sigma] = fitListPrices(config);
    this.maxQuantile = normalCdf((Math.log(config.price_max) - this.mu) / this.sigma);
    this.bucketMs = config.bucket_seconds * 1000;
    const [minMinutes, maxMinutes] = config.change_period_minutes;
    this.periodMin = Math.max(1, Math.round((minMinutes * 60) / config.bucket_seconds));
    this.periodSpan = Math.max(1, Math.round((maxMinutes * 60) / config.bucket_seconds)) - this.periodMin + 1;
    this.rows = new ProductRows(config.products, (index) => this.facts(index), sharedRows);
    this.categoryCodes = Array.from({ length: config.categories }, (_, i) => categoryCode(i));
    this.brandNames = objectSlots<string>(config.brands); // element-kinds.ts says why not new Array(n)
  }

  /** The rows' buffer, for the catalogs of other threads of this run; null for catalogs too large to share. */
  get shareableRows(): SharedArrayBuffer | null {
    return this.rows.shareable;
  }

  /** A product index drawn by popularity: index 0 is the most viewed. */
  popularIndex(random: Uniform): number {
    return this.zipf.sample(random) - 1;
  }

  /** A bijection of the index, so ids look arbitrary but never collide. */
  id(index: number): number {
    return 1_000_001 + ((index * this.idMultiplier + (this.seed % this.size)) % this.size);
  }

  categoryId(index: number): number {
    return 1_001 + this.rows.category(this.rows.slot(index));
  }

  categoryCode(index: number): string {
    return this.categoryCodes[this.rows.category(this.rows.slot(index))] ?? '';
  }

  brand(index: number): string {
    const brand = this.rows.brand(this.rows.slot(index));
    return (this.brandNames[brand] ??= brandName(brand));
  }

  product(index: number): Product {
    const slot = this.rows.slot(index);
    return { index, id: this.id(index), categoryId: this.categoryId(index), categoryCode: this.categoryCode(index), brand: this.brand(index), basePrice: this.rows.basePrice(slot) };
  }

  bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.bucketMs);
  }

  /** Whether the product is on sale to sessions during a time bucket. */
  listed(index: number, bucket: number): boolean {
    return unitHash(this.seed, index, Salt.Listing, this.epoch(index, bucket)) >= this.config.delist_probability;
  }

  /** The product's price during a time bucket. */
  price(index: number, bucket: number): number {
    return this.priceInEpoch(index, this.epoch(index, bucket));
  }

  /** The product's state during a time bucket. */
  state(index: number, bucket: number): ProductState {
    return this.stateInEpoch(index, this.epoch(index, bucket));
  }

  /** Changes taking effect at the start of `bucket` for the products this stream owns (index % streams). */
  changesAt(bucket: number, stream: number, streams: number): CatalogChange[] {
    const changes: CatalogChange[] = [];
    for (let index = stream; index < this.size; index += streams) {
      // Period and phase as facts() has them, without filling the product's row.
      const period = this.period(index);
      const shifted = bucket + this.phase(index, period);
      if (shifted % period !== 0) continue;
      const epoch = shifted / period;
      const before = this.stateInEpoch(index, epoch - 1);
      const after = this.stateInEpoch(index, epoch);
      if (!after.listed) {
        if (before.listed) changes.push({ kind: 'delisted', product: index });
      } else if (!before.listed) {
        changes.push({ kind: 'listed', product: index, oldPrice: null, state: after });
      } else {
        const kind = before.price !== after.price ? 'price_change' : 'stock_change';
        changes.push({ kind, product: index, oldPrice: before.price, state: after });
      }
    }
    return changes;
  }

  private epoch(index: number, bucket: number): number {
    const slot = this.rows.slot(index);
    return Math.floor((bucket + this.rows.phase(slot)) / this.rows.period(slot));
  }

  private priceInEpoch(index: number, epoch: number): number {
    const s = this.seed;
    const onSale = unitHash(s, index, Salt.Sale, epoch) < this.config.sale_probability;
    const discount = onSale ? (DISCOUNTS[Math.floor(unitHash(s, index, Salt.Discount, epoch) * DISCOUNTS.length)] ?? 0) : 0;
    return Math.max(0.5, round2(this.rows.basePrice(this.rows.slot(index)) * (1 - discount)));
  }

  private stateInEpoch(index: number, epoch: number): ProductState {
    const s = this.seed;
    const listed = unitHash(s, index, Salt.Listing, epoch) >= this.config.delist_probability;
    const stock = Math.floor(500 * unitHash(s, index, Salt.Stock, epoch) ** 2);
    return { listed, price: this.priceInEpoch(index, epoch), stock };
  }

  /** A product's fixed facts, as pure functions of (seed, index). */
  private facts(index: number): ProductFacts {
    const s = this.seed;
    // Skewed sizes: low category and brand indexes hold more products, as real catalogs do.
    const category = Math.floor(this.config.categories * unitHash(s, index, Salt.Category) ** 1.6);
    const brand = Math.floor(this.config.brands * unitHash(s, index, Salt.Brand) ** 2.2);
    const q = unitHash(s, index, Salt.Price) * this.maxQuantile;
    const price = Math.exp(this.mu + this.sigma * normalQuantile(Math.max(q, 1e-12)));
    const period = this.period(index);
    return { category, brand, basePrice: Math.max(0.5, round2(Math.min(price, this.config.price_max))), period, phase: this.phase(index, period) };
  }

  /** Buckets between a product's catalog changes: fixed per product. */
  private period(index: number): number {
    return this.periodMin + Math.floor(unitHash(this.seed, index, Salt.Period) * this.periodSpan);
  }

  /** The product's offset within its period, in buckets. */
  private phase(index: number, period: number): number {
    return Math.floor(unitHash(this.seed, index, Salt.Phase) * period);
  }
}

/**
 * (mu, sigma) of the list-price log-normal such that observed prices, a mixture of list prices (no sale) and
 * discounted ones, truncated at price_max, have median price_median and 90th percentile price_p90.
 * A few fixed-point steps on the log-quantiles converge to well under a cent.
 */
export function fitListPrices(config: Scenario['catalog']): [number, number] {
  const logMax = Math.log(config.price_max);
  const sale = config.sale_probability;
  const observedCdf = (x: number, mu: number, sigma: number): number => {
    const listCdf = (v: number) => Math.min(1, normalCdf((Math.log(v) - mu) / sigma) / normalCdf((logMax - mu) / sigma));
    let discounted = 0;
    for (const d of DISCOUNTS) discounted += listCdf(x / (1 - d));
    return (1 - sale) * listCdf(x) + (sale * discounted) / DISCOUNTS.length;
  };
  const observedQuantile = (q: number, mu: number, sigma: number): number => {
    let lo = 0.01;
    let hi = config.price_max;
    for (let i = 0; i < 60; i++) {
      const mid = Math.sqrt(lo * hi);
      if (observedCdf(mid, mu, sigma) < q) lo = mid;
      else hi = mid;
    }
    return Math.sqrt(lo * hi);
  };
  let mu = Math.log(config.price_median);
  let sigma = Math.log(config.price_p90 / config.price_median) / normalQuantile(0.9);
  for (let i = 0; i < 30; i++) {
    const median = observedQuantile(0.5, mu, sigma);
    const p90 = observedQuantile(0.9, mu, sigma);
    mu += Math.log(config.price_median / median);
    sigma *= Math.log(config.price_p90 / config.price_median) / Math.log(p90 / median);
  }
  return [mu, sigma];
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function coprimeMultiplier(n: number): number {
  let m = 2_654_435_761 % n || 1;
  while (gcd(m, n) !== 1) m++;
  return m;
}
