// JSON for each event type, written field by field in schema property order straight into bytes
// (json-bytes.ts): into the batch a chunk is generated into (writeEvent), or into a scratch buffer read back
// as a string (serializeEvent, for `loadgen sample` and the tests). One implementation for both, so the
// bytes sent are the text shown.
//
// Why raw strings are safe here: events are validated before they are serialised, and every string in the
// schemas is constrained (pattern, enum or const) to ASCII without '"', '\' or control characters.
// test/unit/serializers.test.ts checks both halves: each string field rejects such characters, and the
// output equals JSON.stringify byte for byte over generated events of every type.
import { JsonBytes, OVERFLOW } from './json-bytes.js';
import type { CartAdd, CartRemove, CatalogUpdate, LineItem, LoadgenEvent, ProductClick, Purchase } from './types.generated.js';

/** Writes the event's JSON at w's position; throws OVERFLOW (json-bytes.ts) when it does not fit. */
export function writeEvent(w: JsonBytes, event: LoadgenEvent): void {
  switch (event.event_type) {
    case 'product_click':
      click(w, event);
      break;
    case 'cart_add':
    case 'cart_remove':
      cart(w, event);
      break;
    case 'purchase':
      purchase(w, event);
      break;
    case 'catalog_update':
      catalogUpdate(w, event);
      break;
  }
}

const scratch = new JsonBytes();
let scratchBuffer = Buffer.alloc(4096);

/** The event's JSON text (equal to JSON.stringify's). */
export function serializeEvent(event: LoadgenEvent): string {
  for (;;) {
    scratch.target(scratchBuffer, 0, scratchBuffer.length);
    try {
      writeEvent(scratch, event);
      return scratchBuffer.toString('latin1', 0, scratch.at);
    } catch (err) {
      if (err !== OVERFLOW) throw err;
      scratchBuffer = Buffer.alloc(scratchBuffer.length * 2);
    }
  }
}

function envelope(w: JsonBytes, e: LoadgenEvent): void {
  w.text('{"event_id":');
  w.quoted(e.event_id);
  w.text(',"event_type":');
  w.quoted(e.event_type);
  w.text(',"event_time":');
  w.quoted(e.event_time);
  w.text(',"schema_version":');
  w.quoted(e.schema_version);
}

/** session_id, user_id (the fields every session event has after the envelope). */
function sessionFields(w: JsonBytes, e: ProductClick | CartAdd | CartRemove | Purchase): void {
  w.text(',"session_id":');
  w.quoted(e.session_id);
  w.text(',"user_id":');
  w.number(e.user_id);
}

/** product_id, category_id, category_code, brand, price: a product as events and line items show it. */
function product(w: JsonBytes, p: ProductClick | CartAdd | CartRemove | LineItem, first: boolean): void {
  w.text(first ? '"product_id":' : ',"product_id":');
  w.number(p.product_id);
  w.text(',"category_id":');
  w.number(p.category_id);
  w.text(',"category_code":');
  w.quoted(p.category_code);
  w.text(',"brand":');
  w.quoted(p.brand);
  w.text(',"price":');
  w.number(p.price);
}

function click(w: JsonBytes, e: ProductClick): void {
  envelope(w, e);
  sessionFields(w, e);
  product(w, e, false);
  w.text(',"currency":');
  w.quoted(e.currency);
  w.text(',"source":');
  w.quoted(e.source);
  w.text(',"position":');
  w.number(e.position);
  w.text('}');
}

function cart(w: JsonBytes, e: CartAdd | CartRemove): void {
  envelope(w, e);
  sessionFields(w, e);
  product(w, e, false);
  w.text(',"currency":');
  w.quoted(e.currency);
  w.text(',"cart_id":');
  w.quoted(e.cart_id);
  w.text(',"quantity":');
  w.number(e.quantity);
  w.text('}');
}

function purchase(w: JsonBytes, e: Purchase): void {
  envelope(w, e);
  sessionFields(w, e);
  w.text(',"order_id":');
  w.quoted(e.order_id);
  w.text(',"cart_id":');
  w.quoted(e.cart_id);
  w.text(',"currency":');
  w.quoted(e.currency);
  w.text(',"line_items":[');
  for (let i = 0; i < e.line_items.length; i++) {
    const item = e.line_items[i] as LineItem;
    w.text(i === 0 ? '{' : ',{');
    product(w, item, true);
    w.text(',"quantity":');
    w.number(item.quantity);
    w.text('}');
  }
  w.text('],"item_count":');
  w.number(e.item_count);
  w.text(',"subtotal":');
  w.number(e.subtotal);
  w.text(',"shipping":');
  w.number(e.shipping);
  w.text(',"total":');
  w.number(e.total);
  w.text('}');
}

function catalogUpdate(w: JsonBytes, e: CatalogUpdate): void {
  envelope(w, e);
  w.text(',"product_id":');
  w.number(e.product_id);
  w.text(',"category_id":');
  w.number(e.category_id);
  w.text(',"category_code":');
  w.quoted(e.category_code);
  w.text(',"brand":');
  w.quoted(e.brand);
  w.text(',"change":');
  w.quoted(e.change);
  w.text(',"old_price":');
  w.number(e.old_price);
  w.text(',"new_price":');
  w.number(e.new_price);
  w.text(',"currency":');
  w.quoted(e.currency);
  w.text(',"stock_level":');
  w.number(e.stock_level);
  w.text('}');
}
