// The measuring consumer's live figures for /metrics (the run's companion, or `loadgen consume` alone): its
// lag and the run's records received, duplicated and out of order so far.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConsumedSoFar } from '../consumer/measurement.js';

/**
 * loadgen_consumer_lag_records: records behind the partitions' ends as the measuring consumer last fetched
 * them; absent until known (an unlabelled gauge would read 0, so it carries the consumer's name).
 */
export function consumerLagGauge(registry: Registry, lag: () => number | null): void {
  new Gauge({
    name: 'loadgen_consumer_lag_records', help: "Records the measuring consumer is behind the partitions' ends (as last fetched)", labelNames: ['consumer'], registers: [registry],
    collect() {
      const records = lag();
      this.reset();
      if (records !== null) this.set({ consumer: 'measure' }, records);
    },
  });
}

/**
 * The measuring consumer's counts so far: the run's records received, duplicates, out of order. Absent until
 * counted (consumer threads only). Loss is only known at the end (summary.json): a record not received yet
 * may still be on its way.
 */
export function consumedSoFarCounters(registry: Registry, soFar: () => ConsumedSoFar | null): void {
  const counter = (name: string, help: string, read: (s: ConsumedSoFar) => number) =>
    new Counter({
      name, help, labelNames: ['consumer'], registers: [registry],
      collect() {
        const s = soFar();
        this.reset();
        if (s) this.inc({ consumer: 'measure' }, read(s));
      },
    });
  counter('loadgen_consumer_received_total', "The run's records the measuring consumer received (each once)", (s) => s.received);
  counter('loadgen_consumer_duplicates_total', "The run's records received more than once", (s) => s.duplicates);
  counter('loadgen_consumer_out_of_order_total', "The run's records received after a later one of the same producer and partition", (s) => s.outOfOrder);
}
