// Statistics of generated data, computed the way the REES46 figures were, so `loadgen sample --stats` can
// show how realistic the data is beside the reference. Session lengths and transitions count the REES46
// chain's events only (views, cart adds, purchases); cart removals are reported as a ratio to cart adds.
import type { GeneratedEvent } from './event-stream.js';

/** Published statistics of the REES46 multi-category store log, October 2019 (removals: the cosmetics shop). */
export const REFERENCE = {
  view_share: 0.96,
  cart_share: 0.022,
  purchase_share: 0.0175,
  carts_per_1000_views: 22.7,
  purchases_per_1000_views: 18.2,
  removals_per_cart_add: 0.685,
  transitions: {
    view: { view: 75.4, cart: 1.82, purchase: 1.05, exit: 21.73 },
    cart: { view: 36.28, cart: 19.42, purchase: 33.72, exit: 10.57 },
    purchase: { view: 60.37, cart: 0.31, purchase: 0.12, exit: 39.2 },
  },
  session_length: { p50: 2, p75: 5, p90: 11, p95: 16, p99: 32, mean: 4.59, one_event_share: 0.354 },
  popularity_exponent: 0.88,
  price: { median: 163, p90: 743, max: 2600 },
  products_per_buying_session: 1.18,
  single_session_user_share: 0.488,
} as const;

type Step = 'view' | 'cart' | 'purchase';
const STEP_OF: Readonly<Record<string, Step>> = { product_click: 'view', cart_add: 'cart', purchase: 'purchase' };
type Row = Record<Step | 'exit', number>;

export interface SampleStatistics {
  readonly events: number;
  readonly sessions: number;
  readonly by_type: Readonly<Record<string, number>>;
  readonly view_share: number;
  readonly cart_share: number;
  readonly purchase_share: number;
  readonly carts_per_1000_views: number;
  readonly purchases_per_1000_views: number;
  readonly removals_per_cart_add: number;
  readonly transitions: Readonly<Record<Step, Row>>;
  readonly session_length: { p50: number; p75: number; p90: number; p95: number; p99: number; mean: number; one_event_share: number };
  readonly popularity_exponent: number;
  /** Over distinct products viewed (each at its first seen price): the catalog's price distribution. */
  readonly price: { median: number; p90: number; max: number };
  /** Over views: dominated by the prices of the few most popular products, so it varies with the seed. */
  readonly view_price: { median: number; p90: number };
  readonly purchases_per_buying_session: number;
  /** REES46 logs one purchase event per product, so its 1.18 compares with this (line items per buying session). */
  readonly products_per_buying_session: number;
  readonly single_session_user_share: number;
  readonly distinct: { products: number; categories: number; brands: number; users: number };
}

interface SessionTally {
  last: Step | undefined;
  steps: number;
  purchases: number;
  products: number;
}

export class StatisticsCollector {
  private events = 0;
  private readonly byType = new Map<string, number>();
  private readonly sessions = new Map<string, SessionTally>();
  private readonly moves: Record<Step, Row> = { view: row(), cart: row(), purchase: row() };
  private readonly viewsByProduct = new Map<number, number>();
  private readonly prices: number[] = [];
  private readonly productPrices = new Map<number, number>();
  private readonly categories = new Set<number>();
  private readonly brands = new Set<string>();
  private readonly sessionsByUser = new Map<number, number>();

  /** Adds a generated event (its value is null for a tombstone). */
  add(event: Pick<GeneratedEvent, 'type' | 'value'>): void {
    this.events++;
    this.byType.set(event.type, (this.byType.get(event.type) ?? 0) + 1);
    const value = event.value;
    if (!value || value.event_type === 'catalog_update') return;
    let tally = this.sessions.get(value.session_id);
    if (!tally) {
      tally = { last: undefined, steps: 0, purchases: 0, products: 0 };
      this.sessions.set(value.session_id, tally);
      this.sessionsByUser.set(value.user_id, (this.sessionsByUser.get(value.user_id) ?? 0) + 1);
    }
    const step = STEP_OF[value.event_type];
    if (!step) return; // a cart removal: not a step of the REES46 chain
    if (tally.last) this.moves[tally.last][step]++;
    tally.last = step;
    tally.steps++;
    if (value.event_type === 'purchase') {
      tally.purchases++;
      tally.products += value.line_items.length;
    }
    if (value.event_type === 'product_click') {
      this.viewsByProduct.set(value.product_id, (this.viewsByProduct.get(value.product_id) ?? 0) + 1);
      this.prices.push(value.price);
      if (!this.productPrices.has(value.product_id)) this.productPrices.set(value.product_id, value.price);
      this.categories.add(value.category_id);
      this.brands.add(value.brand);
    }
  }

  /** Adds a pipeline record by the event it was generated from. */
  addRecord(record: { readonly type: GeneratedEvent['type']; readonly event: GeneratedEvent['value'] }): void {
    this.add({ type: record.type, value: record.event });
  }

  /** Statistics of everything added; every session seen is taken as complete (it exits after its last event). */
  result(): SampleStatistics {
    const count = (type: string) => this.byType.get(type) ?? 0;
    const views = count('product_click');
    const carts = count('cart_add');
    const purchases = count('purchase');
    const chain = views + carts + purchases;
    const transitions = structuredClone(this.moves);
    const lengths: number[] = [];
    let buying = 0;
    let bought = 0;
    let products = 0;
    for (const tally of this.sessions.values()) {
      if (tally.last) transitions[tally.last].exit++;
      lengths.push(tally.steps);
      if (tally.purchases > 0) {
        buying++;
        bought += tally.purchases;
        products += tally.products;
      }
    }
    lengths.sort((a, b) => a - b);
    const prices = [...this.prices].sort((a, b) => a - b);
    const productPrices = [...this.productPrices.values()].sort((a, b) => a - b);
    const users = [...this.sessionsByUser.values()];
    return {
      events: this.events,
      sessions: this.sessions.size,
      by_type: Object.fromEntries(this.byType),
      view_share: views / chain,
      cart_share: carts / chain,
      purchase_share: purchases / chain,
      carts_per_1000_views: (1000 * carts) / views,
      purchases_per_1000_views: (1000 * purchases) / views,
      removals_per_cart_add: count('cart_remove') / carts,
      transitions: { view: percentages(transitions.view), cart: percentages(transitions.cart), purchase: percentages(transitions.purchase) },
      session_length: {
        p50: quantile(lengths, 0.5),
        p75: quantile(lengths, 0.75),
        p90: quantile(lengths, 0.9),
        p95: quantile(lengths, 0.95),
        p99: quantile(lengths, 0.99),
        mean: lengths.reduce((a, b) => a + b, 0) / lengths.length,
        one_event_share: lengths.filter((n) => n === 1).length / lengths.length,
      },
      popularity_exponent: zipfExponent([...this.viewsByProduct.values()]),
      price: { median: quantile(productPrices, 0.5), p90: quantile(productPrices, 0.9), max: productPrices[productPrices.length - 1] ?? 0 },
      view_price: { median: quantile(prices, 0.5), p90: quantile(prices, 0.9) },
      purchases_per_buying_session: bought / buying,
      products_per_buying_session: products / buying,
      single_session_user_share: users.filter((n) => n === 1).length / users.length,
      distinct: { products: this.viewsByProduct.size, categories: this.categories.size, brands: this.brands.size, users: users.length },
    };
  }
}

function row(): Row {
  return { view: 0, cart: 0, purchase: 0, exit: 0 };
}

function percentages(r: Row): Row {
  const total = r.view + r.cart + r.purchase + r.exit || 1;
  return { view: (100 * r.view) / total, cart: (100 * r.cart) / total, purchase: (100 * r.purchase) / total, exit: (100 * r.exit) / total };
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Zipf exponent from view counts: least-squares slope of log(count) on log(rank) over the ranks whose counts
 * are large enough (>= 20) to be more signal than sampling noise.
 */
export function zipfExponent(counts: number[]): number {
  const sorted = counts.filter((c) => c >= 20).sort((a, b) => b - a);
  if (sorted.length < 10) return Number.NaN;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  sorted.forEach((c, i) => {
    const x = Math.log(i + 1);
    const y = Math.log(c);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  });
  const n = sorted.length;
  return -(n * sxy - sx * sy) / (n * sxx - sx * sx);
}
