// The event types of the model and where each goes. Routing is part of the model: the schema file, the
// topic and the Kafka key of every type are decided here and nowhere else.

export const EVENT_TYPES = ['product_click', 'cart_add', 'cart_remove', 'purchase', 'catalog_update'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Route {
  readonly topic: string;
  /** Session events are keyed by session so a session stays ordered in one partition; catalog by product. */
  readonly key: 'session_id' | 'product_id';
}

export const ROUTES: Readonly<Record<EventType, Route>> = Object.freeze({
  product_click: { topic: 'product-clicks', key: 'session_id' },
  cart_add: { topic: 'cart-adds', key: 'session_id' },
  cart_remove: { topic: 'cart-removes', key: 'session_id' },
  purchase: { topic: 'purchases', key: 'session_id' },
  catalog_update: { topic: 'catalog-updates', key: 'product_id' },
});

/** Topic index used in encoded batches: the position of the type in EVENT_TYPES. */
export const TOPICS: readonly string[] = Object.freeze(EVENT_TYPES.map((type) => ROUTES[type].topic));
