// One shopping session as a small state machine. Pure: every choice comes from the stream's Random and
// every product fact from the Catalog at the event's time, so a session replays exactly.
//
// The walk: a session starts with a view. After a view it exits with its intent's hazard (view_exit), else
// moves to view / cart / purchase in the proportions of REES46's view row; after a cart or a purchase it
// follows those rows as published. Cart removals are not part of the REES46 chain: when a product is added,
// it is marked for removal with probability cart_removals_per_add, and removed a few steps later, or just
// before the purchase or exit that would otherwise come first. So every removal follows its add, and a
// purchase holds what is still in the cart (or, with an empty cart, the product just viewed).
import type { Catalog } from './catalog.js';
import { cumulative, type Random } from './random.js';
import type { Scenario } from './scenario.js';
import { type CartLine, Field, RECENT_LIMIT, type SessionTable } from './session-table.js';

export type { CartLine } from './session-table.js';

export const enum Move { View = 0, Cart = 1, Purchase = 2, Exit = 3, Start = 4 }

export type ClickSource = 'search' | 'category' | 'recommendation' | 'home' | 'direct';
const SOURCES: readonly ClickSource[] = ['search', 'category', 'recommendation', 'home', 'direct'];
const SOURCE_WEIGHTS = cumulative([30, 30, 15, 10, 15]);
const QUANTITY_WEIGHTS = cumulative([88, 9, 3]);

export type Decision =
  | { readonly kind: 'view'; readonly product: number; readonly source: ClickSource; readonly position: number | null }
  | { readonly kind: 'cart_add'; readonly line: CartLine; readonly newCart: boolean }
  | { readonly kind: 'cart_remove'; readonly line: CartLine }
  | { readonly kind: 'purchase'; readonly lines: readonly CartLine[]; readonly fromCart: boolean }
  | { readonly kind: 'exit' };

const EXIT: Decision = { kind: 'exit' };

/**
 * The walk of the sessions in a SessionTable. A session is a slot of the table (its state is there, see
 * session-table.ts for why it is not an object); the model reads and writes its row.
 */
export class SessionModel {
  private readonly intentWeights: number[];
  /** Per intent, cumulative [view, cart, purchase, exit] after a view. */
  private readonly viewRows: number[][];
  private readonly cartRow: number[];
  private readonly purchaseRow: number[];

  constructor(
    private readonly config: Scenario['sessions'],
    private readonly catalog: Catalog,
    private readonly random: Random,
  ) {
    this.intentWeights = cumulative(config.intents.map((i) => i.weight));
    const v = config.transitions.view;
    const moves = v.view + v.cart + v.purchase;
    this.viewRows = config.intents.map((intent) => {
      const stay = 1 - intent.view_exit;
      return cumulative([(stay * v.view) / moves, (stay * v.cart) / moves, (stay * v.purchase) / moves, intent.view_exit]);
    });
    const row = (r: Scenario['sessions']['transitions']['cart']) => cumulative([r.view, r.cart, r.purchase, r.exit]);
    this.cartRow = row(config.transitions.cart);
    this.purchaseRow = row(config.transitions.purchase);
  }

  /** Starts a session in `slot` (opened, or left by a session that ended); its user is set already. */
  start(table: SessionTable, slot: number, id: string): void {
    const s = table.state;
    const row = table.rowOf(slot);
    table.setId(slot, id);
    s[row + Field.Intent] = this.random.pick(this.intentWeights);
    s[row + Field.Last] = Move.Start;
    s[row + Field.Steps] = 0;
    s[row + Field.Pending] = -1;
    s[row + Field.RecentCount] = 0;
    table.setCartId(slot, null);
    table.clearCart(slot);
  }

  /**
   * The next event of the session in `slot`, or exit. `bucket` is the catalog time bucket of the event;
   * `purchaseBoost` multiplies the chance that the next move is a purchase (the other moves share what is
   * left, in their proportions), so a flash sale can raise the purchase share while its load lasts.
   */
  advance(table: SessionTable, slot: number, bucket: number, purchaseBoost = 1): Decision {
    const s = table.state;
    const row = table.rowOf(slot);
    const hasCart = (s[row + Field.CartCount] as number) > 0;
    if (hasCart) {
      const due = dueRemoval(table.cart(slot), s[row + Field.Steps] as number);
      if (due >= 0) return remove(table, slot, due);
    }

    const pending = s[row + Field.Pending] as number;
    const move: Move = pending >= 0 ? pending : this.nextMove(s[row + Field.Last] as Move, s[row + Field.Intent] as number, purchaseBoost);
    if (hasCart && (move === Move.Exit || move === Move.Purchase)) {
      // Whatever is marked for removal goes before checkout or leaving, so it is never lost or bought.
      const marked = dueRemoval(table.cart(slot), Infinity);
      if (marked >= 0) {
        s[row + Field.Pending] = move;
        return remove(table, slot, marked);
      }
    }
    s[row + Field.Pending] = -1;
    if (move === Move.Exit) return EXIT;

    s[row + Field.Steps] = (s[row + Field.Steps] as number) + 1;
    if (move === Move.Cart && (s[row + Field.RecentCount] as number) > 0) return this.addToCart(table, slot, bucket);
    if (move === Move.Purchase) {
      const purchase = this.purchase(table, slot, bucket);
      if (purchase) return purchase;
    }
    return this.view(table, slot, bucket);
  }

  private nextMove(last: Move, intent: number, purchaseBoost: number): Move {
    switch (last) {
      case Move.Start:
        return Move.View;
      case Move.View:
        return this.pick(this.viewRows[intent] ?? [], purchaseBoost);
      case Move.Cart:
        return this.pick(this.cartRow, purchaseBoost);
      default:
        return this.pick(this.purchaseRow, purchaseBoost);
    }
  }

  /** A move from a cumulative [view, cart, purchase, exit] row, the purchase's share multiplied by `boost` (one draw either way). */
  private pick(row: readonly number[], boost: number): Move {
    if (boost === 1) return this.random.pick(row) as Move;
    const total = row[row.length - 1] ?? 1;
    const purchase = ((row[Move.Purchase] ?? 0) - (row[Move.Purchase - 1] ?? 0)) / total;
    const boosted = Math.min(1, purchase * boost);
    // The other moves keep their proportions in what is left.
    const rest = purchase < 1 ? (1 - boosted) / (1 - purchase) : 0;
    const weights = row.map((c, i) => ((c - (i === 0 ? 0 : (row[i - 1] as number))) / total) * (i === Move.Purchase ? 0 : rest));
    weights[Move.Purchase] = boosted;
    return this.random.pick(cumulative(weights)) as Move;
  }

  private view(table: SessionTable, slot: number, bucket: number): Decision {
    const r = this.random;
    const s = table.state;
    const row = table.rowOf(slot);
    const recentCount = s[row + Field.RecentCount] as number;
    let product = -1;
    if (recentCount > 0 && r.next() < this.config.revisit_probability) {
      const candidate = s[row + Field.Recent + r.int(recentCount)] as number;
      if (this.catalog.listed(candidate, bucket)) product = candidate;
    }
    // Delisted products are not on the site: draw again (delisting is rare, so this ends fast).
    for (let tries = 0; product < 0; tries++) {
      const candidate = this.catalog.popularIndex(r);
      if (tries >= 50 || this.catalog.listed(candidate, bucket)) product = candidate;
    }
    s[row + Field.Last] = Move.View;
    remember(s, row, product);
    const source = SOURCES[r.pick(SOURCE_WEIGHTS)] ?? 'direct';
    const position = source === 'direct' ? null : Math.min(60, 1 + Math.floor(-Math.log(1 - r.next()) * 4));
    return { kind: 'view', product, source, position };
  }

  /** Called with at least one recent view. */
  private addToCart(table: SessionTable, slot: number, bucket: number): Decision {
    const r = this.random;
    const s = table.state;
    const row = table.rowOf(slot);
    // From a view, the product just viewed; after a cart or purchase, one of the recent views.
    const recentCount = s[row + Field.RecentCount] as number;
    const product = s[row + Field.Recent + (s[row + Field.Last] === Move.View ? recentCount - 1 : r.int(recentCount))] as number;
    if (!this.catalog.listed(product, bucket)) return this.view(table, slot, bucket);
    const steps = s[row + Field.Steps] as number;
    const removeAtStep = r.next() < this.config.cart_removals_per_add ? steps + 1 + Math.floor(-Math.log(1 - r.next()) * 2) : -1;
    const line: CartLine = { product, quantity: 1 + r.pick(QUANTITY_WEIGHTS), removeAtStep };
    const newCart = table.cartId(slot) === null;
    table.addLine(slot, line);
    s[row + Field.Last] = Move.Cart;
    return { kind: 'cart_add', line, newCart };
  }

  /** An order of the cart's listed products, else of the product just viewed; undefined if neither exists. */
  private purchase(table: SessionTable, slot: number, bucket: number): Decision | undefined {
    const s = table.state;
    const row = table.rowOf(slot);
    const lines = (s[row + Field.CartCount] as number) > 0 ? table.cart(slot).filter((line) => this.catalog.listed(line.product, bucket)) : [];
    table.clearCart(slot);
    const fromCart = lines.length > 0;
    if (!fromCart) {
      const recentCount = s[row + Field.RecentCount] as number;
      if (recentCount === 0) return undefined;
      const product = s[row + Field.Recent + recentCount - 1] as number; // the product viewed last
      if (!this.catalog.listed(product, bucket)) return undefined;
      lines.push({ product, quantity: 1, removeAtStep: -1 });
    }
    s[row + Field.Last] = Move.Purchase;
    return { kind: 'purchase', lines, fromCart };
  }
}

function remove(table: SessionTable, slot: number, index: number): Decision {
  const line = table.removeLine(slot, index);
  return line ? { kind: 'cart_remove', line } : EXIT;
}

/** The first line marked for removal at or before `step` (Infinity: any marked line), else -1. */
function dueRemoval(cart: readonly CartLine[], step: number): number {
  for (let i = 0; i < cart.length; i++) {
    const at = (cart[i] as CartLine).removeAtStep;
    if (at >= 0 && at <= step) return i;
  }
  return -1;
}

/** A product viewed: appended to the session's recent views, the oldest dropped beyond RECENT_LIMIT. */
function remember(s: Int32Array, row: number, product: number): void {
  const count = s[row + Field.RecentCount] as number;
  if (count < RECENT_LIMIT) {
    s[row + Field.Recent + count] = product;
    s[row + Field.RecentCount] = count + 1;
    return;
  }
  for (let i = row + Field.Recent + 1; i < row + Field.Recent + RECENT_LIMIT; i++) s[i - 1] = s[i] as number;
  s[row + Field.Recent + RECENT_LIMIT - 1] = product;
}
