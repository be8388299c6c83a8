// Deliberately invalid events (--inject-invalid FRACTION), so downstream teams can test their dead-letter
// handling. Each mutation breaks a different rule of the schema and is certain to fail validation; the
// pipeline still validates every mutated event, and the reason travels with it (a record header).
import type { LoadgenEvent } from './types.generated.js';

export const INVALID_REASONS = ['missing_field', 'bad_time', 'unknown_field', 'wrong_type', 'negative_amount'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

/** A copy of `event` that breaks the rule named by `reason`. */
export function mutate(event: LoadgenEvent, reason: InvalidReason): Record<string, unknown> {
  const copy = structuredClone(event) as unknown as Record<string, unknown>;
  switch (reason) {
    case 'missing_field':
      delete copy['event_id'];
      break;
    case 'bad_time':
      copy['event_time'] = 'yesterday';
      break;
    case 'unknown_field':
      copy['debug'] = true;
      break;
    case 'wrong_type':
      copy['schema_version'] = 1;
      break;
    case 'negative_amount': {
      const field = event.event_type === 'purchase' ? 'total' : event.event_type === 'catalog_update' ? 'new_price' : 'price';
      copy[field] = -1;
      break;
    }
  }
  return copy;
}
