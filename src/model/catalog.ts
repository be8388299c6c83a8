// The product catalog as pure functions of (seed, product index, time bucket): nothing is stored, so every
// generator thread computes the same category, brand, price, stock and listing for a product at a given
// time without talking to the others. Catalog changes therefore line up with the prices sessions see.
import { ZipfSampler, normalCdf, normalQuantile } from './distributions.js';
import { brandName, categoryCode } from './catalog-vocabulary.js';
import { unitHash } from './random.js';
import type { Scenario } from './scenario.js';

export interface Product {
  readonly index: number;
  readonly id: number;
  readonly categoryId: number;
  readonly categoryCode: string;
  readonly brand: string;
  /** List price before any discount, USD with cents. */
  readonly basePrice: number;
  /** Buckets between this product's catalog changes, and its offset: fixed per product. */
  readonly period: number;
  readonly phase: number;
  /** Memo of state() for one bucket: a view asks for listing and price of the same product and bucket. */
  memoBucket: number;
  memo: ProductState | undefined;
}

export interface ProductState {
  readonly listed: boolean;
  readonly price: number;
  readonly stock: number;
}

export type CatalogChange =
  | { readonly kind: 'price_change' | 'stock_change' | 'listed'; readonly product: Product; readonly oldPrice: number | null; readonly state: ProductState }
  | { readonly kind: 'delisted'; readonly product: Product };

// Salts keep the hashes of different facts about one product independent.
const enum Salt { Category = 1, Brand, Price, Period, Phase, Listing, Sale, Discount, Stock }

const DISCOUNTS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4] as const;
/**
 * Products below this popularity index are kept once computed. Views follow Zipf, so with the defaults the
 * top 32,768 of 166,794 products take about 77% of views, for a few MB per thread.
 */
const CACHED_PRODUCTS = 32_768;

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
  private readonly cache: (Product | undefined)[];

  constructor(
    private readonly config: Scenario['catalog'],
    private readonly seed: number,
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
    this.cache = new Array<Product | undefined>(Math.min(CACHED_PRODUCTS, this.size));
  }

  /** A product index drawn by popularity: index 0 is the most viewed. */
  popularIndex(next: () => number): number {
    return this.zipf.sample(next) - 1;
  }

  product(index: number): Product {
    if (index < this.cache.length) return (this.cache[index] ??= this.computeProduct(index));
    return this.computeProduct(index);
  }

  private computeProduct(index: number): Product {
    const s = this.seed;
    // Skewed sizes: low category and brand indexes hold more products, as real catalogs do.
    const category = Math.floor(this.config.categories * unitHash(s, index, Salt.Category) ** 1.6);
    const brand = Math.floor(this.config.brands * unitHash(s, index, Salt.Brand) ** 2.2);
    const q = unitHash(s, index, Salt.Price) * this.maxQuantile;
    const price = Math.exp(this.mu + this.sigma * normalQuantile(Math.max(q, 1e-12)));
    const period = this.periodMin + Math.floor(unitHash(s, index, Salt.Period) * this.periodSpan);
    return {
      index,
      // A bijection of the index, so ids look arbitrary but never collide.
      id: 1_000_001 + ((index * this.idMultiplier + (s % this.size)) % this.size),
      categoryId: 1_001 + category,
      categoryCode: categoryCode(category),
      brand: brandName(brand),
      basePrice: Math.max(0.5, round2(Math.min(price, this.config.price_max))),
      period,
      phase: Math.floor(unitHash(s, index, Salt.Phase) * period),
      memoBucket: Number.NaN,
      memo: undefined,
    };
  }

  bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.bucketMs);
  }

  /** The product's state during a time bucket. */
  state(product: Product, bucket: number): ProductState {
    if (product.memoBucket !== bucket || product.memo === undefined) {
      product.memo = this.stateInEpoch(product, Math.floor((bucket + product.phase) / product.period));
      product.memoBucket = bucket;
    }
    return product.memo;
  }

  /** Changes taking effect at the start of `bucket` for the products this stream owns (index % streams). */
  changesAt(bucket: number, stream: number, streams: number): CatalogChange[] {
    const changes: CatalogChange[] = [];
    for (let index = stream; index < this.size; index += streams) {
      // The same hashes computeProduct() uses for period and phase, without building the product.
      const period = this.periodMin + Math.floor(unitHash(this.seed, index, Salt.Period) * this.periodSpan);
      const shifted = bucket + Math.floor(unitHash(this.seed, index, Salt.Phase) * period);
      if (shifted % period !== 0) continue;
      const product = this.product(index);
      const epoch = shifted / period;
      const before = this.stateInEpoch(product, epoch - 1);
      const after = this.stateInEpoch(product, epoch);
      if (!after.listed) {
        if (before.listed) changes.push({ kind: 'delisted', product });
      } else if (!before.listed) {
        changes.push({ kind: 'listed', product, oldPrice: null, state: after });
      } else {
        const kind = before.price !== after.price ? 'price_change' : 'stock_change';
        changes.push({ kind, product, oldPrice: before.price, state: after });
      }
    }
    return changes;
  }

  private stateInEpoch(product: Product, epoch: number): ProductState {
    const s = this.seed;
    const i = product.index;
    const listed = unitHash(s, i, Salt.Listing, epoch) >= this.config.delist_probability;
    const onSale = unitHash(s, i, Salt.Sale, epoch) < this.config.sale_probability;
    const discount = onSale ? (DISCOUNTS[Math.floor(unitHash(s, i, Salt.Discount, epoch) * DISCOUNTS.length)] ?? 0) : 0;
    const stock = Math.floor(500 * unitHash(s, i, Salt.Stock, epoch) ** 2);
    return { listed, price: Math.max(0.5, round2(product.basePrice * (1 - discount))), stock };
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
