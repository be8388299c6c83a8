// One generator stream: the events of many interleaved sessions plus this stream's share of catalog changes,
// one event per send slot. Pure given (seed, stream, streams, scenario) and the slots' intended times, so the
// same inputs give the same events however fast or slow they are pulled.
import type { EventType } from '../events/event-types.js';
import type { CartAdd, CartRemove, CatalogUpdate, LineItem, LoadgenEvent, ProductClick, Purchase } from '../events/types.generated.js';
import { Catalog, round2, type CatalogChange } from './catalog.js';
import { TimeFormatter, uuidv7 } from './ids.js';
import { Random } from './random.js';
import type { Scenario } from './scenario.js';
import { SessionModel, type CartLine, type Decision } from './session-model.js';
import { SessionTable } from './session-table.js';
import { UserPopulation, type SessionUser } from './users.js';
import { objectArray } from './element-kinds.js';

export const SCHEMA_VERSION = '1.0.0';
const CURRENCY = 'USD';
/** Orders below this pay flat shipping. */
const FREE_SHIPPING_FROM = 50;
const SHIPPING = 4.99;
/** A stream that jumps further than this in time does not replay every catalog bucket it skipped. */
const MAX_BUCKETS_PER_SLOT = 10_000;

export interface StreamOptions {
  readonly seed: number;
  /** This stream's index in [0, streams); at most 4096 streams (the UUIDv7 layout). */
  readonly stream: number;
  readonly streams: number;
  readonly scenario: Scenario;
  /** Start at most this many sessions, then end when they have all finished (for `loadgen sample`). */
  readonly maxSessions?: number;
  /**
   * How much likelier sessions are to buy at an event's intended time (Unix ms): a flash sale's purchase
   * boost (--profile spike:...,purchases=3). Absent: the scenario's own mix throughout.
   */
  readonly purchaseBoost?: (timeMs: number) => number;
  /** The run's shared product rows (product-rows.ts, productRowsBuffer) for this scenario and seed. */
  readonly catalogRows?: SharedArrayBuffer;
}

export interface GeneratedEvent {
  readonly type: EventType;
  /** Kafka key: the session id, or the product id for catalog updates. */
  readonly key: string;
  /** null for a tombstone (a delisted product on the compacted catalog topic). */
  readonly value: LoadgenEvent | null;
  /** The slot's intended send time, Unix ms (also the event_time). */
  readonly timeMs: number;
}

/**
 * This stream's share of the scenario's open sessions: `concurrency` is the whole generator's, however many
 * streams (threads, processes, instances) generate it, shared out as evenly as whole numbers allow, at least
 * one per stream.
 *
 * Why: with `concurrency` per stream, eight threads kept eight times the open sessions of one, so how long a
 * session took in event time (the gaps between its events) depended on --workers, and each thread held
 * 10,000 sessions: about 3 MB of live state per thread, and, since each session outlives the young
 * generation, the old-generation growth that was most of eight threads' peak memory (`--rate 50000
 * --workers 8`, 60 s: 283 against 327 MB). Sessions themselves do not change (docs/event-model.md).
 */
export function openSessionsOf(concurrency: number, stream: number, streams: number): number {
  const share = Math.floor(concurrency / streams) + (stream < concurrency % streams ? 1 : 0);
  return Math.max(1, share);
}

export class EventStream {
  readonly catalog: Catalog;
  private readonly random: Random;
  private readonly sessions: SessionModel;
  private readonly users: UserPopulation;
  private readonly table: SessionTable;
  /** The user of the session being started or ended (UserPopulation writes and reads it). */
  // id starts as a double (NaN, never read: startSession writes it first): ids are stream * 2^32 + n, doubles
  // in every stream but 0, and a field that starts as an integer changes the object's map at the first one,
  // after the warm-up's code was compiled for the changed map (element-kinds.ts tells the same of arrays).
  private readonly user: SessionUser = { id: Number.NaN, remaining: 0 };
  private readonly concurrency: number;
  private readonly times = new TimeFormatter();
  private started = 0;
  private counter = 0;
  private lastBucket: number | undefined;
  private catalogQueue: CatalogChange[] = objectArray(); // element-kinds.ts says why
  private catalogHead = 0;
  // The options the hot path reads, kept as this object's own fields: the options object a producer thread's
  // warm-up passes (chunks.ts) has another map than the run's, and code optimised on the warm-up's failed
  // its map check on the run's first events ("wrong map" in id(), --trace-deopt), in every thread.
  private readonly stream: number;
  private readonly streams: number;
  private readonly maxSessions: number | undefined;
  private readonly purchaseBoost: ((timeMs: number) => number) | undefined;

  constructor(options: StreamOptions) {
    const { seed, stream, scenario } = options;
    this.stream = stream;
    this.streams = options.streams;
    this.maxSessions = options.maxSessions;
    this.purchaseBoost = options.purchaseBoost;
    this.random = new Random(seed, stream);
    this.catalog = new Catalog(scenario.catalog, seed, options.catalogRows);
    this.sessions = new SessionModel(scenario.sessions, this.catalog, this.random);
    this.users = new UserPopulation(scenario.users, stream, this.random);
    this.concurrency = Math.min(openSessionsOf(scenario.sessions.concurrency, stream, options.streams), options.maxSessions ?? Infinity);
    this.table = new SessionTable(Math.min(this.concurrency, 16_384));
  }

  /** The event for a slot intended at `timeMs`; null once a stream with maxSessions has finished. */
  next(timeMs: number): GeneratedEvent | null {
    const bucket = this.catalog.bucketOf(timeMs);
    this.queueCatalogChanges(bucket);
    if (this.catalogHead < this.catalogQueue.length) {
      const change = this.catalogQueue[this.catalogHead++];
      if (change) return this.catalogEvent(change, timeMs);
    }
    const table = this.table;
    while (table.count < this.concurrency && this.canStart()) this.startSession(table.open(), timeMs);
    for (;;) {
      if (table.count === 0) return null;
      const slot = this.random.int(table.count);
      const decision = this.sessions.advance(table, slot, bucket, this.purchaseBoost?.(timeMs) ?? 1);
      if (decision.kind !== 'exit') return this.sessionEvent(slot, decision, timeMs, bucket);
      // The session ended: a new one takes its place (it starts with a view), or the slot closes.
      this.users.endSession(table.user(slot, this.user));
      if (this.canStart()) this.startSession(slot, timeMs);
      else table.close(slot);
    }
  }

  /** Sessions started so far. */
  get sessionsStarted(): number {
    return this.started;
  }

  private canStart(): boolean {
    return this.maxSessions === undefined || this.started < this.maxSessions;
  }

  /** A new session in `slot`: its id, then its user, then its intent (the order of the random draws is pinned). */
  private startSession(slot: number, timeMs: number): void {
    this.started++;
    const id = this.id(timeMs);
    this.table.setUser(slot, this.users.startSession(this.user));
    this.sessions.start(this.table, slot, id);
  }

  private id(timeMs: number): string {
    return uuidv7(timeMs, this.stream, this.counter++, this.random.u32() >>> 2);
  }

  private queueCatalogChanges(bucket: number): void {
    if (this.lastBucket === undefined) this.lastBucket = bucket; // changes start at the first boundary crossed
    if (bucket <= this.lastBucket) return;
    if (this.catalogHead >= this.catalogQueue.length) {
      this.catalogQueue = objectArray();
      this.catalogHead = 0;
    }
    const from = Math.max(this.lastBucket + 1, bucket - MAX_BUCKETS_PER_SLOT + 1);
    for (let b = from; b <= bucket; b++) {
      for (const change of this.catalog.changesAt(b, this.stream, this.streams)) this.catalogQueue.push(change);
    }
    this.lastBucket = bucket;
  }

  private catalogEvent(change: CatalogChange, timeMs: number): GeneratedEvent {
    const c = this.catalog;
    const p = change.product;
    const key = String(c.id(p));
    if (change.kind === 'delisted') return { type: 'catalog_update', key, value: null, timeMs };
    const value: CatalogUpdate = {
      event_id: this.id(timeMs),
      event_type: 'catalog_update',
      event_time: this.times.format(timeMs),
      schema_version: SCHEMA_VERSION,
      product_id: c.id(p),
      category_id: c.categoryId(p),
      category_code: c.categoryCode(p),
      brand: c.brand(p),
      change: change.kind,
      old_price: change.oldPrice,
      new_price: change.state.price,
      currency: CURRENCY,
      stock_level: change.state.stock,
    };
    return { type: 'catalog_update', key, value, timeMs };
  }

  // Events are built as literals in wire order (envelope first): readable JSON, and no spreads on the hot path.
  private sessionEvent(slot: number, decision: Exclude<Decision, { kind: 'exit' }>, timeMs: number, bucket: number): GeneratedEvent {
    const eventId = this.id(timeMs);
    const eventTime = this.times.format(timeMs);
    const c = this.catalog;
    const table = this.table;
    const sessionId = table.id(slot);
    const userId = table.userId(slot);
    let value: LoadgenEvent;
    if (decision.kind === 'view') {
      const p = decision.product;
      value = {
        event_id: eventId, event_type: 'product_click', event_time: eventTime, schema_version: SCHEMA_VERSION,
        session_id: sessionId, user_id: userId,
        product_id: c.id(p), category_id: c.categoryId(p), category_code: c.categoryCode(p), brand: c.brand(p),
        price: c.price(p, bucket), currency: CURRENCY,
        source: decision.source, position: decision.position,
      } satisfies ProductClick;
    } else if (decision.kind === 'purchase') {
      value = this.order(sessionId, userId, eventId, eventTime, decision.fromCart ? table.cartId(slot) : null, decision.lines, bucket, timeMs);
      table.setCartId(slot, null);
    } else {
      if (decision.kind === 'cart_add' && decision.newCart) table.setCartId(slot, this.id(timeMs));
      const p = decision.line.product;
      value = {
        event_id: eventId, event_type: decision.kind, event_time: eventTime, schema_version: SCHEMA_VERSION,
        session_id: sessionId, user_id: userId,
        product_id: c.id(p), category_id: c.categoryId(p), category_code: c.categoryCode(p), brand: c.brand(p),
        price: c.price(p, bucket), currency: CURRENCY,
        cart_id: table.cartId(slot) ?? eventId, quantity: decision.line.quantity,
      } satisfies CartAdd | CartRemove;
    }
    return { type: value.event_type, key: sessionId, value, timeMs };
  }

  /** `cartId`: the cart's id for an order of the cart, null for a buy-now. */
  private order(sessionId: string, userId: number, eventId: string, eventTime: string, cartId: string | null, lines: readonly CartLine[], bucket: number, timeMs: number): Purchase {
    // One line per product, quantities summed, priced at checkout time.
    const c = this.catalog;
    const byProduct = new Map<number, LineItem>();
    for (const line of lines) {
      const p = line.product;
      const existing = byProduct.get(p);
      if (existing) existing.quantity += line.quantity;
      else byProduct.set(p, { product_id: c.id(p), category_id: c.categoryId(p), category_code: c.categoryCode(p), brand: c.brand(p), price: c.price(p, bucket), quantity: line.quantity });
    }
    const items = [...byProduct.values()] as [LineItem, ...LineItem[]];
    const subtotal = round2(items.reduce((sum, item) => sum + item.price * item.quantity, 0));
    const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
    return {
      event_id: eventId,
      event_type: 'purchase',
      event_time: eventTime,
      schema_version: SCHEMA_VERSION,
      session_id: sessionId,
      user_id: userId,
      order_id: this.id(timeMs),
      cart_id: cartId,
      currency: CURRENCY,
      line_items: items,
      item_count: items.reduce((sum, item) => sum + item.quantity, 0),
      subtotal,
      shipping,
      total: round2(subtotal + shipping),
    };
  }
}
