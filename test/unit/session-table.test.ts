// The open-session table: rows, ids and carts stay together when a slot closes or the table grows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Field, SessionTable } from '../../src/model/session-table.js';

/** Opens a session whose every field says which one it is. */
function openSession(table: SessionTable, n: number): number {
  const slot = table.open();
  const row = table.rowOf(slot);
  table.state[row + Field.Steps] = n;
  table.state[row + Field.Recent] = 1000 + n;
  table.setId(slot, `session-${n}`);
  table.setCartId(slot, n % 2 === 0 ? `cart-${n}` : null);
  table.setUser(slot, { id: 3 * 2 ** 32 + n, remaining: n % 7 });
  if (n % 3 === 0) table.addLine(slot, { product: n, quantity: 1, removeAtStep: -1 });
  return slot;
}

function assertSession(table: SessionTable, slot: number, n: number): void {
  const row = table.rowOf(slot);
  assert.is(table.state[row + Field.Steps], n);
  assert.is(table.state[row + Field.Recent], 1000 + n);
  assert.is(table.id(slot), `session-${n}`);
  assert.is(table.cartId(slot), n % 2 === 0 ? `cart-${n}` : null);
  assert.is(table.userId(slot), 3 * 2 ** 32 + n, 'user ids above 2^32 keep every bit');
  assert.equal(table.user(slot, { id: 0, remaining: 0 }), { id: 3 * 2 ** 32 + n, remaining: n % 7 });
  assert.equal(table.cart(slot).map((line) => line.product), n % 3 === 0 ? [n] : []);
  assert.is(table.state[row + Field.CartCount], table.cart(slot).length);
}

test('growing past the initial capacity keeps every session', () => {
  const table = new SessionTable(2);
  for (let n = 0; n < 37; n++) assert.is(openSession(table, n), n);
  assert.is(table.count, 37);
  for (let n = 0; n < 37; n++) assertSession(table, n, n);
});

test('closing a slot moves the last session into it, cart and ids included', () => {
  const table = new SessionTable(4);
  for (let n = 0; n < 6; n++) openSession(table, n);
  table.close(0); // session 5 moves to slot 0 (its cart is empty)
  table.close(2); // session 4 moves to slot 2
  table.close(1); // session 3 (with a cart line) moves to slot 1
  assert.is(table.count, 3);
  assertSession(table, 0, 5);
  assertSession(table, 1, 3);
  assertSession(table, 2, 4);
  table.close(2); // the last slot: nothing moves
  assert.is(table.count, 2);
  assertSession(table, 1, 3);
});

test('a reopened slot starts empty, whatever the closed session left there', () => {
  const table = new SessionTable(4);
  openSession(table, 0);
  openSession(table, 3);
  table.close(1); // session 3 had a cart line
  const slot = table.open();
  assert.is(slot, 1);
  assert.equal([...table.state.subarray(table.rowOf(slot), table.rowOf(slot) + 16)], new Array(16).fill(0));
  assert.equal(table.cart(slot), []);
});

test('cart lines: added in order, removed by index, cleared', () => {
  const table = new SessionTable();
  const slot = table.open();
  for (const product of [7, 8, 9]) table.addLine(slot, { product, quantity: 1, removeAtStep: -1 });
  assert.is(table.removeLine(slot, 1)?.product, 8);
  assert.equal(table.cart(slot).map((l) => l.product), [7, 9]);
  assert.is(table.state[table.rowOf(slot) + Field.CartCount], 2);
  assert.is(table.removeLine(slot, 5), undefined);
  table.clearCart(slot);
  assert.equal(table.cart(slot), []);
  assert.is(table.state[table.rowOf(slot) + Field.CartCount], 0);
});

test.run();
