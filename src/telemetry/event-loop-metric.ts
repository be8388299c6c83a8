// The main thread's event-loop delay for /metrics (a run's, and `loadgen consume`'s): a blocked main thread
// delays the progress line, the budget and every scrape, so it is worth watching beside the latencies.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** loadgen_event_loop_delay_seconds: the main thread's event-loop delay, p99 so far. Returns the function that stops measuring it. */
export function eventLoopDelayGauge(registry: Registry): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  new Gauge({
    name: 'loadgen_event_loop_delay_seconds', help: "The main thread's event-loop delay, p99 so far", registers: [registry],
    collect() {
      this.set(delay.percentile(99) / 1e9);
    },
  });
  return () => delay.disable();
}
