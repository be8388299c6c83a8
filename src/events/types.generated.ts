/* Generated from schemas/*.schema.json by `npm run schemas`. Do not edit; CI fails when stale. */
/**
 * Any event loadgen produces (the value of a Kafka record; a catalog tombstone has no value).
 */
export type LoadgenEvent = ProductClick | CartAdd | CartRemove | Purchase | CatalogUpdate;

/**
 * A shopper viewed a product (clicked it in a list, or opened it directly). Topic product-clicks, key session_id.
 */
export interface ProductClick {
  /**
   * Unique, time-ordered event id: a UUIDv7 whose timestamp is event_time.
   */
  event_id: string;
  event_type: 'product_click';
  /**
   * When the event was scheduled to be sent, RFC 3339 in UTC with milliseconds.
   */
  event_time: string;
  /**
   * Version of the event's schema (its 'version' keyword).
   */
  schema_version: '1.0.0';
  /**
   * The shopping session; the Kafka key of every session event, so a session stays in order in one partition.
   */
  session_id: string;
  user_id: number;
  /**
   * Also the Kafka key of catalog updates.
   */
  product_id: number;
  category_id: number;
  /**
   * Dotted category path, e.g. electronics.smartphone.
   */
  category_code: string;
  /**
   * Lower-case ASCII words.
   */
  brand: string;
  /**
   * Unit price in the currency, with cents.
   */
  price: number;
  /**
   * ISO 4217 code.
   */
  currency: 'USD';
  /**
   * Where the click came from.
   */
  source: 'search' | 'category' | 'recommendation' | 'home' | 'direct';
  /**
   * 1-based position in the list that was clicked; null for a direct visit.
   */
  position: number | null;
}
/**
 * A product was added to the session's cart. Topic cart-adds, key session_id.
 */
export interface CartAdd {
  /**
   * Unique, time-ordered event id: a UUIDv7 whose timestamp is event_time.
   */
  event_id: string;
  event_type: 'cart_add';
  /**
   * When the event was scheduled to be sent, RFC 3339 in UTC with milliseconds.
   */
  event_time: string;
  /**
   * Version of the event's schema (its 'version' keyword).
   */
  schema_version: '1.0.0';
  /**
   * The shopping session; the Kafka key of every session event, so a session stays in order in one partition.
   */
  session_id: string;
  user_id: number;
  /**
   * Also the Kafka key of catalog updates.
   */
  product_id: number;
  category_id: number;
  /**
   * Dotted category path, e.g. electronics.smartphone.
   */
  category_code: string;
  /**
   * Lower-case ASCII words.
   */
  brand: string;
  /**
   * Unit price in the currency, with cents.
   */
  price: number;
  /**
   * ISO 4217 code.
   */
  currency: 'USD';
  cart_id: string;
  quantity: number;
}
/**
 * A product was removed from the session's cart; it was added earlier in the same session. Topic cart-removes, key session_id.
 */
export interface CartRemove {
  /**
   * Unique, time-ordered event id: a UUIDv7 whose timestamp is event_time.
   */
  event_id: string;
  event_type: 'cart_remove';
  /**
   * When the event was scheduled to be sent, RFC 3339 in UTC with milliseconds.
   */
  event_time: string;
  /**
   * Version of the event's schema (its 'version' keyword).
   */
  schema_version: '1.0.0';
  /**
   * The shopping session; the Kafka key of every session event, so a session stays in order in one partition.
   */
  session_id: string;
  user_id: number;
  /**
   * Also the Kafka key of catalog updates.
   */
  product_id: number;
  category_id: number;
  /**
   * Dotted category path, e.g. electronics.smartphone.
   */
  category_code: string;
  /**
   * Lower-case ASCII words.
   */
  brand: string;
  /**
   * Unit price in the currency, with cents.
   */
  price: number;
  /**
   * ISO 4217 code.
   */
  currency: 'USD';
  cart_id: string;
  quantity: number;
}
/**
 * An order: the session's cart at checkout, or a single viewed product bought at once (cart_id null). Topic purchases, key session_id.
 */
export interface Purchase {
  /**
   * Unique, time-ordered event id: a UUIDv7 whose timestamp is event_time.
   */
  event_id: string;
  event_type: 'purchase';
  /**
   * When the event was scheduled to be sent, RFC 3339 in UTC with milliseconds.
   */
  event_time: string;
  /**
   * Version of the event's schema (its 'version' keyword).
   */
  schema_version: '1.0.0';
  /**
   * The shopping session; the Kafka key of every session event, so a session stays in order in one partition.
   */
  session_id: string;
  user_id: number;
  order_id: string;
  cart_id: string | null;
  /**
   * ISO 4217 code.
   */
  currency: 'USD';
  /**
   * @minItems 1
   * @maxItems 50
   */
  line_items: [LineItem, ...LineItem[]];
  /**
   * Sum of the line items' quantities.
   */
  item_count: number;
  /**
   * Sum of price x quantity over the line items.
   */
  subtotal: number;
  shipping: number;
  /**
   * subtotal + shipping.
   */
  total: number;
}
export interface LineItem {
  /**
   * Also the Kafka key of catalog updates.
   */
  product_id: number;
  category_id: number;
  /**
   * Dotted category path, e.g. electronics.smartphone.
   */
  category_code: string;
  /**
   * Lower-case ASCII words.
   */
  brand: string;
  /**
   * Unit price in the currency, with cents.
   */
  price: number;
  quantity: number;
}
/**
 * A product's catalog state changed: price, stock, or (re)listing. Topic catalog-updates (compacted), key product_id. A delisting is a tombstone (null value) with the product id as key, not an event of this schema.
 */
export interface CatalogUpdate {
  /**
   * Unique, time-ordered event id: a UUIDv7 whose timestamp is event_time.
   */
  event_id: string;
  event_type: 'catalog_update';
  /**
   * When the event was scheduled to be sent, RFC 3339 in UTC with milliseconds.
   */
  event_time: string;
  /**
   * Version of the event's schema (its 'version' keyword).
   */
  schema_version: '1.0.0';
  /**
   * Also the Kafka key of catalog updates.
   */
  product_id: number;
  category_id: number;
  /**
   * Dotted category path, e.g. electronics.smartphone.
   */
  category_code: string;
  /**
   * Lower-case ASCII words.
   */
  brand: string;
  /**
   * price_change: new_price differs from old_price; stock_change: only stock_level changed; listed: back on sale after a delisting (old_price null).
   */
  change: 'price_change' | 'stock_change' | 'listed';
  old_price: number | null;
  /**
   * Unit price in the currency, with cents.
   */
  new_price: number;
  /**
   * ISO 4217 code.
   */
  currency: 'USD';
  /**
   * Units in stock after the change.
   */
  stock_level: number;
}

/**
 * Parameters of the session simulator. A scenario file (--scenario FILE) overrides any subset; the defaults reproduce the REES46 multi-category store log of October 2019 (see docs/event-model.md).
 */
export interface Scenario {
  catalog: {
    /**
     * Products in the catalog (REES46: 166,794).
     */
    products: number;
    /**
     * Categories (REES46: 624).
     */
    categories: number;
    /**
     * Brands (REES46: about 3,400).
     */
    brands: number;
    /**
     * Zipf exponent of product views over popularity rank (REES46: about 0.88).
     */
    popularity_exponent: number;
    /**
     * Median list price, USD (REES46: about 163).
     */
    price_median: number;
    /**
     * 90th percentile list price, USD (REES46: about 743); with the median it fixes the log-normal.
     */
    price_p90: number;
    /**
     * No list price exceeds this (REES46: about 2,600); the log-normal is truncated, not clipped.
     */
    price_max: number;
    /**
     * Catalog changes happen at the start of time buckets of this length.
     */
    bucket_seconds: number;
    /**
     * Each product's catalog state changes every N minutes, N drawn per product uniformly from [min, max].
     *
     * @minItems 2
     * @maxItems 2
     */
    change_period_minutes: [number, number];
    /**
     * Chance that a product is discounted in a period.
     */
    sale_probability: number;
    /**
     * Chance that a product is delisted in a period (a tombstone on catalog-updates; never viewed then).
     */
    delist_probability: number;
  };
  sessions: {
    /**
     * Session intents: a mixture that reproduces both the one-event share and the exit rate after a view, which one Markov chain cannot. view_exit replaces the view row's exit probability for sessions of that intent.
     *
     * @minItems 1
     */
    intents: [Intent, ...Intent[]];
    /**
     * Next-event probabilities in percent (REES46), from the row's event to view / cart / purchase / exit. Rows are normalised.
     */
    transitions: {
      view: TransitionRow;
      cart: TransitionRow;
      purchase: TransitionRow;
    };
    /**
     * Share of cart adds removed later in the session (REES46 cosmetics: 0.685).
     */
    cart_removals_per_add: number;
    /**
     * Chance that a view returns to a product the session viewed before.
     */
    revisit_probability: number;
    /**
     * Open sessions at once, across all generator streams (threads, processes, instances), shared out evenly over them, at least one each; their events interleave.
     */
    concurrency: number;
  };
  users: {
    /**
     * Share of users with exactly one session (REES46: 0.488).
     */
    single_session_share: number;
    /**
     * Mean sessions per user (REES46: 9.24M sessions / 3.02M users = 3.06).
     */
    mean_sessions: number;
    /**
     * Pareto tail exponent of sessions per user among returning users (heavier tail when smaller).
     */
    tail_exponent: number;
    /**
     * At most this many users per stream wait for their next session (bounds memory).
     */
    returning_pool: number;
  };
}
export interface Intent {
  name: string;
  weight: number;
  view_exit: number;
}
export interface TransitionRow {
  view: number;
  cart: number;
  purchase: number;
  exit: number;
}

export type Latency = null | {
  count: number;
  p50: number;
  p75?: number;
  p90: number;
  p99: number;
  p999: number;
  p9999?: number;
  max: number;
};

/**
 * summary.json of a loadgen run: the resolved configuration (secrets masked), what was sent and what happened to it, and latency percentiles in milliseconds. Reports are rendered from it.
 */
export interface RunSummary {
  run_id: string;
  loadgen_version: string;
  /**
   * complete: ran to its end; interrupted: stopped by a signal, then drained; aborted: the cluster settled no delivery for message.timeout.ms + 5 s, or a producer thread failed, so sending stopped and what was in flight was counted failed; partial: a second signal ended it without draining (counts may be incomplete).
   */
  status: 'complete' | 'interrupted' | 'aborted' | 'partial';
  /**
   * Intended send time of the first slot, RFC 3339.
   */
  started_at: string;
  config: {
    brokers: string;
    /**
     * The flat rate asked for; "profile" when --profile or a config file's phases shape it (see profile, phases).
     */
    rate: number | 'max' | 'profile';
    /**
     * The load profile (--profile) as resolved: base shape, spikes and jitter, durations in seconds; null without one.
     */
    profile?: {} | null;
    /**
     * Seconds of warm-up (--warmup): reported apart, left out of the run's latencies, rates and assertions.
     */
    warmup_s?: number;
    ramp_s: number;
    workers: number;
    duration_s: number | null;
    count: number | null;
    seed: number;
    scenario: string | null;
    inject_invalid: number;
    /**
     * librdkafka properties in effect; secret values are masked.
     */
    properties: {
      [k: string]: string;
    };
  };
  /**
   * Events per second asked for: the flat rate, or a profile's mean target after the warm-up; null for --rate max.
   */
  target_rate: number | null;
  /**
   * From the first slot's intended time to the last delivery settled.
   */
  duration_s: number;
  events: {
    /**
     * Handed to the producer; always acked + failed.
     */
    produced: number;
    acked: number;
    failed: number;
    /**
     * Generated events that failed their schema: never sent.
     */
    invalid: number;
    /**
     * Deliberately invalid events sent (--inject-invalid); included in produced.
     */
    injected_invalid: number;
    /**
     * Value bytes of acked events.
     */
    bytes: number;
  };
  /**
   * Failed events by error.
   */
  failures: {
    [k: string]: number;
  };
  /**
   * acked / duration_s; with a warm-up, the acks after it over the time after it.
   */
  achieved_rate: number;
  /**
   * What the run loaded: kafka, the cluster at config.brokers; mock, librdkafka's mock cluster (--embedded) inside loadgen's process: its test broker, not Kafka, right for trying loadgen and measuring loadgen's own cost, not a broker's latency. Absent in runs before it was recorded (kafka).
   */
  cluster?: {
    kind: 'kafka' | 'mock';
    /**
     * The mock cluster's brokers.
     */
    brokers?: number;
  };
  /**
   * A scaled-out run (--instances): this instance's index and how many there are, its figures its share of the run (targets 1/count of the run's); index null in what loadgen merge wrote from all of them. Absent for a run of one instance.
   */
  instances?: {
    count: number;
    index: number | null;
  };
  /**
   * The warm-up (--warmup): its events were sent, acked and checked like the rest, but their latencies are here, not in latency_ms. Absent without one.
   */
  warmup?: {
    duration_s: number;
    /**
     * Acked events intended within the warm-up.
     */
    acked: number;
    /**
     * Of those, read by the companion consumer; null without it.
     */
    received: number | null;
    latency_ms: {
      publish_delay: Latency;
      ack: Latency;
      ack_uncorrected: Latency;
      e2e: Latency;
      e2e_uncorrected: Latency;
    };
  };
  /**
   * A config file's phases, back to back: each one's load, consumer, properties and the figures of the events intended within it (after any warm-up). Absent for a run without phases.
   */
  phases?: {
    name: string;
    start_s: number;
    duration_s: number;
    /**
     * The phase's mean target, events/s.
     */
    target_rate: number;
    /**
     * The phase's load profile as resolved (durations in seconds).
     */
    profile?: {};
    /**
     * paused: the companion consumer read nothing during the phase.
     */
    consumer: 'running' | 'paused';
    /**
     * The phase's own librdkafka properties, over the run's; secret values are masked.
     */
    properties: {
      [k: string]: string;
    };
    /**
     * Acked events intended within the phase (after any warm-up).
     */
    acked: number;
    /**
     * Of those, read by the companion consumer; null without it.
     */
    received: number | null;
    latency_ms: {
      publish_delay: Latency;
      ack: Latency;
      e2e: Latency;
    };
  }[];
  /**
   * Each whole second after the start (t: [t, t + 1) s): the acks that came in it, the records queued in it, and the events the schedule intended in it.
   */
  per_second: {
    t: number;
    acked: number;
    /**
     * Records queued with the client in that second, by when they were handed to it: the schedule as kept, whatever the acks took (absent in summaries from before it was counted).
     */
    sent?: number;
    /**
     * Events intended in that second by the schedule (absent for --rate max).
     */
    target?: number;
  }[];
  latency_ms: {
    /**
     * Actual - intended send time.
     */
    publish_delay: null | {
      count: number;
      p50: number;
      p75?: number;
      p90: number;
      p99: number;
      p999: number;
      p9999?: number;
      max: number;
    };
    /**
     * Ack - intended send time (corrected for coordinated omission).
     */
    ack: null | {
      count: number;
      p50: number;
      p75?: number;
      p90: number;
      p99: number;
      p999: number;
      p9999?: number;
      max: number;
    };
    /**
     * Ack - actual send time.
     */
    ack_uncorrected: null | {
      count: number;
      p50: number;
      p75?: number;
      p90: number;
      p99: number;
      p999: number;
      p9999?: number;
      max: number;
    };
    /**
     * Receive - intended send time (the companion consumer).
     */
    e2e: null | {
      count: number;
      p50: number;
      p75?: number;
      p90: number;
      p99: number;
      p999: number;
      p9999?: number;
      max: number;
    };
    /**
     * Receive - actual send time.
     */
    e2e_uncorrected: null | {
      count: number;
      p50: number;
      p75?: number;
      p90: number;
      p99: number;
      p999: number;
      p9999?: number;
      max: number;
    };
  };
  /**
   * The companion consumer's integrity checks; null when it did not run.
   */
  consumer: null | {
    /**
     * Distinct records of this run the consumer read.
     */
    received: number;
    /**
     * Acked but never read; null for one instance of a scaled-out run, whose consumer reads a share of the partitions (loadgen merge counts it).
     */
    lost: number | null;
    /**
     * Records read more than once (same producer and slot).
     */
    duplicates: number;
    /**
     * Records with a lower slot than one already read from the same producer and partition.
     */
    out_of_order: number;
    /**
     * Read, but counted failed by the producer (e.g. timed out yet written).
     */
    unexpected?: number;
    /**
     * Records of other runs or tools on the same topics, ignored.
     */
    foreign?: number;
    /**
     * End-to-end latencies below zero (clock skew), recorded as 0.
     */
    negative_latencies?: number;
    /**
     * false: the drain timeout passed before everything produced was read.
     */
    drained?: boolean;
  };
  topics: {
    [k: string]: {
      produced: number;
      acked: number;
      failed: number;
      bytes: number;
      latency_ms: {
        [k: string]: Latency;
      };
    };
  };
  generator: {
    /**
     * Some second's publish-delay p99 exceeded 100 ms: the schedule was not kept.
     */
    saturated: boolean;
    saturated_seconds: number;
    /**
     * Times the sender waited for a chunk that was not generated yet.
     */
    stalls: number;
    /**
     * Times the client pushed back (QUEUE_FULL) and the sender retried.
     */
    queue_full: number;
    max_publish_delay_ms: number | null;
  };
  /**
   * The machine during the measured seconds (after any warm-up), from Linux's /proc (src/engine/host-load.ts): absent where /proc cannot be read, and in a merged summary (each instance had its own host).
   */
  host?: {
    cpus: number;
    /**
     * Mean share of all CPUs' time spent running anything (user, system, interrupts), %.
     */
    busy_percent: number;
    /**
     * Mean share of all CPUs' time the hypervisor took while a virtual CPU was ready to run (steal), %.
     */
    steal_percent: number;
    /**
     * Seconds with no CPU idle (busy + steal at least 95%): the latencies then include waiting for a CPU.
     */
    no_idle_seconds: number;
    /**
     * Seconds in which the hypervisor took at least 10% of the CPU time.
     */
    steal_seconds: number;
    /**
     * Mean CPU of loadgen's processes in cores (1 = one core all the time): loadgen, and its companion consumer when it ran.
     */
    cores: {
      [k: string]: number;
    };
  };
}
