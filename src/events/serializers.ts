// JSON for each event type, written field by field in schema property order straight into bytes
// (json-bytes.ts): into the batch a chunk is generated into (writeEvent), or into a scratch buffer read back
// as a string (serializeEvent, for `loadgen sample` and the tests). One implementation for both, so the
// bytes sent are the text shown. The JSON between values (names, quotes, punctuation, and the event_type
// the switch has already matched) is copied from bytes prepared once.
//
// Why raw strings are safe here: events are validated before they are serialised, and every string in the
// schemas is constrained (pattern, enum or const) to ASCII without '"', '\' or control characters.
// test/unit/serializers.test.ts checks both halves: each string field rejects such characters, and the
// output equals JSON.stringify byte for byte over generated events of every type.
import { JsonBytes, OVERFLOW, fragment } from './json-bytes.js';
import type { CartAdd, CartRemove, CatalogUpdate, LineItem, LoadgenEvent, ProductClick, Purchase } from './types.generated.js';

/** Writes the event's JSON at w's position; throws OVERFLOW (json-bytes.ts) when it does not fit. */
export function writeEvent(w: JsonBytes, event: LoadgenEvent): void {
  switch (event.event_type) {
    case 'product_click':
      click(w, event);
      break;
    case 'cart_add':
      cart(w, event, CART_ADD);
      break;
    case 'cart_remove':
      cart(w, event, CART_REMOVE);
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

const EVENT_ID = fragment('{"event_id":"');
const TYPE_TIME = (type: string) => fragment(`","event_type":"${type}","event_time":"`);
const CLICK = TYPE_TIME('product_click');
const CART_ADD = TYPE_TIME('cart_add');
const CART_REMOVE = TYPE_TIME('cart_remove');
const PURCHASE = TYPE_TIME('purchase');
const CATALOG_UPDATE = TYPE_TIME('catalog_update');
const SCHEMA_VERSION = fragment('","schema_version":"');
const SESSION_ID = fragment('","session_id":"');
const USER_ID = fragment('","user_id":');
const PRODUCT_ID = fragment(',"product_id":');
const ITEM_PRODUCT_ID = fragment('{"product_id":');
const NEXT_ITEM_PRODUCT_ID = fragment(',{"product_id":');
const CATEGORY_ID = fragment(',"category_id":');
const CATEGORY_CODE = fragment(',"category_code":"');
const BRAND = fragment('","brand":"');
const PRICE = fragment('","price":');
const CURRENCY = fragment(',"currency":"');
const SOURCE = fragment('","source":"');
const POSITION = fragment('","position":');
const CART_ID = fragment('","cart_id":"');
const QUANTITY = fragment(',"quantity":');
const QUOTED_QUANTITY = fragment('","quantity":');
const ORDER_ID = fragment(',"order_id":"');
const NULLABLE_CART_ID = fragment('","cart_id":');
const LINE_ITEMS = fragment('","line_items":[');
const ITEM_COUNT = fragment('],"item_count":');
const SUBTOTAL = fragment(',"subtotal":');
const SHIPPING = fragment(',"shipping":');
const TOTAL = fragment(',"total":');
const CHANGE = fragment('","change":"');
const OLD_PRICE = fragment('","old_price":');
const NEW_PRICE = fragment(',"new_price":');
const STOCK_LEVEL = fragment('","stock_level":');
const CATALOG_PRODUCT_ID = fragment('","product_id":');
const END = fragment('}');

/** From the event id to the schema version's value: every event starts so. */
function envelope(w: JsonBytes, e: LoadgenEvent, typeAndTime: Uint8Array): void {
  w.raw(EVENT_ID);
  w.text(e.event_id);
  w.raw(typeAndTime);
  w.text(e.event_time);
  w.raw(SCHEMA_VERSION);
  w.text(e.schema_version);
}

/** session_id and user_id, after the envelope. */
function sessionFields(w: JsonBytes, e: ProductClick | CartAdd | CartRemove | Purchase): void {
  w.raw(SESSION_ID);
  w.text(e.session_id);
  w.raw(USER_ID);
  w.number(e.user_id);
}

/** category_id to price: a product as events and line items show it, after its product_id. */
function productFacts(w: JsonBytes, p: ProductClick | CartAdd | CartRemove | LineItem): void {
  w.raw(CATEGORY_ID);
  w.number(p.category_id);
  w.raw(CATEGORY_CODE);
  w.text(p.category_code);
  w.raw(BRAND);
  w.text(p.brand);
  w.raw(PRICE);
  w.number(p.price);
}

/** Envelope to currency: what a click and a cart event share, in this order. */
function sessionProduct(w: JsonBytes, e: ProductClick | CartAdd | CartRemove, typeAndTime: Uint8Array): void {
  envelope(w, e, typeAndTime);
  sessionFields(w, e);
  w.raw(PRODUCT_ID);
  w.number(e.product_id);
  productFacts(w, e);
  w.raw(CURRENCY);
  w.text(e.currency);
}

function click(w: JsonBytes, e: ProductClick): void {
  sessionProduct(w, e, CLICK);
  w.raw(SOURCE);
  w.text(e.source);
  w.raw(POSITION);
  w.number(e.position);
  w.raw(END);
}

function cart(w: JsonBytes, e: CartAdd | CartRemove, typeAndTime: Uint8Array): void {
  sessionProduct(w, e, typeAndTime);
  w.raw(CART_ID);
  w.text(e.cart_id);
  w.raw(QUOTED_QUANTITY);
  w.number(e.quantity);
  w.raw(END);
}

function purchase(w: JsonBytes, e: Purchase): void {
  envelope(w, e, PURCHASE);
  sessionFields(w, e);
  w.raw(ORDER_ID);
  w.text(e.order_id);
  w.raw(NULLABLE_CART_ID);
  w.quoted(e.cart_id);
  w.raw(CURRENCY);
  w.text(e.currency);
  w.raw(LINE_ITEMS);
  for (let i = 0; i < e.line_items.length; i++) {
    const item = e.line_items[i] as LineItem;
    w.raw(i === 0 ? ITEM_PRODUCT_ID : NEXT_ITEM_PRODUCT_ID);
    w.number(item.product_id);
    productFacts(w, item);
    w.raw(QUANTITY);
    w.number(item.quantity);
    w.raw(END);
  }
  w.raw(ITEM_COUNT);
  w.number(e.item_count);
  w.raw(SUBTOTAL);
  w.number(e.subtotal);
  w.raw(SHIPPING);
  w.number(e.shipping);
  w.raw(TOTAL);
  w.number(e.total);
  w.raw(END);
}

function catalogUpdate(w: JsonBytes, e: CatalogUpdate): void {
  envelope(w, e, CATALOG_UPDATE);
  w.raw(CATALOG_PRODUCT_ID);
  w.number(e.product_id);
  w.raw(CATEGORY_ID);
  w.number(e.category_id);
  w.raw(CATEGORY_CODE);
  w.text(e.category_code);
  w.raw(BRAND);
  w.text(e.brand);
  w.raw(CHANGE);
  w.text(e.change);
  w.raw(OLD_PRICE);
  w.number(e.old_price);
  w.raw(NEW_PRICE);
  w.number(e.new_price);
  w.raw(CURRENCY);
  w.text(e.currency);
  w.raw(STOCK_LEVEL);
  w.number(e.stock_level);
  w.raw(END);
}
