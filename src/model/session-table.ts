// A stream's open sessions, stored by slot: every number a session keeps in one 64-byte row of an
// Int32Array, its ids in two string arrays, and its cart lines apart.
//
// Why: each event advances a random one of up to 10,000 open sessions, so nearly every event starts with
// cache misses. As one object per session (the object, its cart array, its recent-views array, its user
// object, its id string) that was about six misses per event, and the generation path ran 1.27x faster with
// 1,000 open sessions than with 10,000 (same code, same process, alternating rounds). Here an event touches
// its row and its id string; the cart only when the session has one (4% of events in the default scenario).
import type { SessionUser } from './users.js';
import { objectArray } from './element-kinds.js';

// Products are catalog indexes (numbers): a session keeps them without allocating (catalog.ts).
export interface CartLine {
  readonly product: number;
  readonly quantity: number;
  /** Chain step at which this line is removed; -1 when it stays. */
  readonly removeAtStep: number;
}

/** A row's fields: offsets from the row's start. */
export const enum Field {
  Intent = 0,
  /** The last move (Move). */
  Last = 1,
  /** View, cart and purchase events so far (removals are not steps). */
  Steps = 2,
  /** A move decided but not yet emitted because removals had to come first; -1 for none. */
  Pending = 3,
  /** How many of the Recent fields hold products (at most RECENT_LIMIT). */
  RecentCount = 4,
  /** Lines in the session's cart, so that an empty cart is never read. */
  CartCount = 5,
  /** The user id is a double up to 2^44 (stream * 2^32 + n): its high and low 32 bits. */
  UserHigh = 6,
  UserLow = 7,
  /** Sessions the user has after this one. */
  UserRemaining = 8,
  /** The last products viewed (catalog indexes), oldest first. */
  Recent = 9,
}

export const RECENT_LIMIT = 5;
/** 14 fields, padded to 16 ints: one 64-byte cache line per session. */
const STRIDE = 16;
const TWO_32 = 4_294_967_296;

export class SessionTable {
  /** The rows; row `slot` starts at `slot * 16` (rowOf). Replaced when the table grows, so read it per call. */
  state: Int32Array;
  // Arrays in the elements kind of their contents from the start (element-kinds.ts says why).
  private readonly ids: string[] = objectArray();
  private readonly cartIds: (string | null)[] = objectArray();
  /** Per slot, reused from session to session; empty while the row's CartCount is 0. */
  private readonly carts: CartLine[][] = objectArray();
  /** Open sessions: slots [0, count). */
  count = 0;

  constructor(initialCapacity = 1024) {
    this.state = new Int32Array(Math.max(1, initialCapacity) * STRIDE);
  }

  /** Where `slot`'s row starts in `state`. */
  rowOf(slot: number): number {
    return slot * STRIDE;
  }

  /** Opens a slot at the end, growing the rows if needed; the caller fills it in (SessionModel.start). */
  open(): number {
    const slot = this.count++;
    if (slot * STRIDE >= this.state.length) {
      const grown = new Int32Array(this.state.length * 2);
      grown.set(this.state);
      this.state = grown;
    }
    this.state.fill(0, slot * STRIDE, (slot + 1) * STRIDE); // a closed session's row may be left here
    if (this.carts.length <= slot) this.carts.push([]); // else emptied by close()
    return slot;
  }

  /** Closes `slot`: the last open session moves into it (slots are unordered). */
  close(slot: number): void {
    const last = --this.count;
    if (slot !== last) {
      this.state.copyWithin(slot * STRIDE, last * STRIDE, (last + 1) * STRIDE);
      this.ids[slot] = this.ids[last] as string;
      this.cartIds[slot] = this.cartIds[last] ?? null;
      const cart = this.carts[slot] as CartLine[];
      this.carts[slot] = this.carts[last] as CartLine[];
      this.carts[last] = cart;
    }
    (this.carts[last] as CartLine[]).length = 0;
  }

  id(slot: number): string {
    return this.ids[slot] as string;
  }

  setId(slot: number, id: string): void {
    this.ids[slot] = id;
  }

  cartId(slot: number): string | null {
    return this.cartIds[slot] ?? null;
  }

  setCartId(slot: number, id: string | null): void {
    this.cartIds[slot] = id;
  }

  userId(slot: number): number {
    const row = slot * STRIDE;
    return (this.state[row + Field.UserHigh] as number) * TWO_32 + ((this.state[row + Field.UserLow] as number) >>> 0);
  }

  /** The session's user, written into `into` (for UserPopulation.endSession). */
  user(slot: number, into: SessionUser): SessionUser {
    into.id = this.userId(slot);
    into.remaining = this.state[slot * STRIDE + Field.UserRemaining] as number;
    return into;
  }

  setUser(slot: number, user: SessionUser): void {
    const row = slot * STRIDE;
    const high = Math.floor(user.id / TWO_32);
    this.state[row + Field.UserHigh] = high;
    this.state[row + Field.UserLow] = user.id - high * TWO_32;
    this.state[row + Field.UserRemaining] = user.remaining;
  }

  /** The cart's lines, oldest first (empty when CartCount is 0). Change it only through the methods below. */
  cart(slot: number): readonly CartLine[] {
    return this.carts[slot] as CartLine[];
  }

  addLine(slot: number, line: CartLine): void {
    const cart = this.carts[slot] as CartLine[];
    cart.push(line);
    this.state[slot * STRIDE + Field.CartCount] = cart.length;
  }

  removeLine(slot: number, index: number): CartLine | undefined {
    const cart = this.carts[slot] as CartLine[];
    const [line] = cart.splice(index, 1);
    this.state[slot * STRIDE + Field.CartCount] = cart.length;
    return line;
  }

  /** Empties the cart; reads it only if the row has lines, since most sessions never have a cart. */
  clearCart(slot: number): void {
    const row = slot * STRIDE;
    if (this.state[row + Field.CartCount] === 0) return;
    (this.carts[slot] as CartLine[]).length = 0;
    this.state[row + Field.CartCount] = 0;
  }
}
