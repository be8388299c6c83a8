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
import type { SessionUser } from './users.js';

export const enum Move { View = 0, Cart = 1, Purchase = 2, Exit = 3, Start = 4 }

export type ClickSource = 'search' | 'category' | 'recommendation' | 'home' | 'direct';
const SOURCES: readonly ClickSource[] = ['search', 'category', 'recommendation', 'home', 'direct'];
const SOURCE_WEIGHTS = cumulative([30, 30, 15, 10, 15]);
const QUANTITY_WEIGHTS = cumulative([88, 9, 3]);
const RECENT_LIMIT = 5;

// Products are catalog indexes (numbers): a session keeps them without allocating (catalog.ts).
export interface CartLine {
  readonly product: number;
  readonly quantity: number;
  /** Chain step at which this line is removed; -1 when it stays. */
  removeAtStep: number;
}

/**
 * A session's state. A stream reuses the object of a session that ended for the next one (restart()), so
 * that sessions, which live long enough to be promoted to V8's old generation, do not leave one object (and
 * arrays) of garbage there each: that was most of what the generation path promoted.
 */
export interface OpenSession {
  id: string;
  /** Rewritten in place when the object is reused (UserPopulation.startSession). */
  readonly user: SessionUser;
  intent: number;
  last: Move;
  /** View, cart and purchase events so far (removals are not steps). */
  steps: number;
  /** Decided but not yet emitted because removals had to come first. */
  pending: Move | -1;
  cartId: string | null;
  readonly cart: CartLine[];
  /** The last few products viewed, oldest first: the first recentCount entries of a fixed array of RECENT_LIMIT. */
  readonly recent: number[];
  recentCount: number;
}

export type Decision =
  | { readonly kind: 'view'; readonly product: number; readonly source: ClickSource; readonly position: number | null }
  | { readonly kind: 'cart_add'; readonly line: CartLine; readonly newCart: boolean }
  | { readonly kind: 'cart_remove'; readonly line: CartLine }
  | { readonly kind: 'purchase'; readonly lines: readonly CartLine[]; readonly fromCart: boolean }
  | { readonly kind: 'exit' };

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

  start(id: string, user: SessionUser): OpenSession {
    const intent = this.random.pick(this.intentWeights);
    return { id, user, intent, last: Move.Start, steps: 0, pending: -1, cartId: null, cart: [], recent: new Array<number>(RECENT_LIMIT).fill(-1), recentCount: 0 };
  }

  /** Starts a new session in the object of one that ended; its user object has been rewritten already. */
  restart(session: OpenSession, id: string): OpenSession {
    session.id = id;
    session.intent = this.random.pick(this.intentWeights);
    session.last = Move.Start;
    session.steps = 0;
    session.pending = -1;
    session.cartId = null;
    session.cart.length = 0;
    session.recentCount = 0;
    return session;
  }

  /**
   * The session's next event, or exit. `bucket` is the catalog time bucket of the event; `purchaseBoost`
   * multiplies the chance that the next move is a purchase (the other moves share what is left, in their
   * proportions), so a flash sale can raise the purchase share while its load lasts.
   */
  advance(session: OpenSession, bucket: number, purchaseBoost = 1): Decision {
    const due = dueRemoval(session.cart, session.steps);
    if (due >= 0) return this.remove(session, due);

    const move = session.pending >= 0 ? session.pending : this.nextMove(session, purchaseBoost);
    if (move === Move.Exit || move === Move.Purchase) {
      // Whatever is marked for removal goes before checkout or leaving, so it is never lost or bought.
      const marked = dueRemoval(session.cart, Infinity);
      if (marked >= 0) {
        session.pending = move;
        return this.remove(session, marked);
      }
    }
    session.pending = -1;
    if (move === Move.Exit) return { kind: 'exit' };

    session.steps++;
    if (move === Move.Cart && session.recentCount > 0) return this.addToCart(session, bucket);
    if (move === Move.Purchase) {
      const purchase = this.purchase(session, bucket);
      if (purchase) return purchase;
    }
    return this.view(session, bucket);
  }

  private nextMove(session: OpenSession, purchaseBoost: number): Move {
    switch (session.last) {
      case Move.Start:
        return Move.View;
      case Move.View:
        return this.pick(this.viewRows[session.intent] ?? [], purchaseBoost);
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

  private view(session: OpenSession, bucket: number): Decision {
    const r = this.random;
    let product = -1;
    if (session.recentCount > 0 && r.next() < this.config.revisit_probability) {
      const candidate = session.recent[r.int(session.recentCount)];
      if (candidate !== undefined && this.catalog.listed(candidate, bucket)) product = candidate;
    }
    // Delisted products are not on the site: draw again (delisting is rare, so this ends fast).
    for (let tries = 0; product < 0; tries++) {
      const candidate = this.catalog.popularIndex(r);
      if (tries >= 50 || this.catalog.listed(candidate, bucket)) product = candidate;
    }
    session.last = Move.View;
    remember(session, product);
    const source = SOURCES[r.pick(SOURCE_WEIGHTS)] ?? 'direct';
    const position = source === 'direct' ? null : Math.min(60, 1 + Math.floor(-Math.log(1 - r.next()) * 4));
    return { kind: 'view', product, source, position };
  }

  private addToCart(session: OpenSession, bucket: number): Decision {
    const r = this.random;
    // From a view, the product just viewed; after a cart or purchase, one of the recent views.
    const product = session.last === Move.View ? lastViewed(session) : session.recent[r.int(session.recentCount)];
    if (product === undefined || !this.catalog.listed(product, bucket)) return this.view(session, bucket);
    const removeAtStep = r.next() < this.config.cart_removals_per_add ? session.steps + 1 + Math.floor(-Math.log(1 - r.next()) * 2) : -1;
    const line: CartLine = { product, quantity: 1 + r.pick(QUANTITY_WEIGHTS), removeAtStep };
    const newCart = session.cartId === null;
    session.cart.push(line);
    session.last = Move.Cart;
    return { kind: 'cart_add', line, newCart };
  }

  private remove(session: OpenSession, index: number): Decision {
    const [line] = session.cart.splice(index, 1);
    return line ? { kind: 'cart_remove', line } : { kind: 'exit' };
  }

  /** An order of the cart's listed products, else of the product just viewed; undefined if neither exists. */
  private purchase(session: OpenSession, bucket: number): Decision | undefined {
    const lines = session.cart.filter((line) => this.catalog.listed(line.product, bucket));
    session.cart.length = 0;
    const fromCart = lines.length > 0;
    if (!fromCart) {
      const product = lastViewed(session);
      if (product === undefined || !this.catalog.listed(product, bucket)) return undefined;
      lines.push({ product, quantity: 1, removeAtStep: -1 });
    }
    session.last = Move.Purchase;
    return { kind: 'purchase', lines, fromCart };
  }
}

/** The first line marked for removal at or before `step` (Infinity: any marked line), else -1. */
function dueRemoval(cart: readonly CartLine[], step: number): number {
  for (let i = 0; i < cart.length; i++) {
    const at = (cart[i] as CartLine).removeAtStep;
    if (at >= 0 && at <= step) return i;
  }
  return -1;
}

/** The product viewed last, if any. */
function lastViewed(session: OpenSession): number | undefined {
  return session.recentCount > 0 ? session.recent[session.recentCount - 1] : undefined;
}

/** A product viewed: appended to the session's recent views, the oldest dropped beyond RECENT_LIMIT. */
function remember(session: OpenSession, product: number): void {
  const recent = session.recent;
  if (session.recentCount < RECENT_LIMIT) {
    recent[session.recentCount++] = product;
    return;
  }
  for (let i = 1; i < RECENT_LIMIT; i++) recent[i - 1] = recent[i] as number;
  recent[RECENT_LIMIT - 1] = product;
}
