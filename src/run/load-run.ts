// One load run, start to finish: connect the producer (failing fast on an unreachable cluster or a missing
// topic), start one generator task per worker thread, hand out a budget of chunks (look-ahead bounded by
// time, by chunks waiting to be sent and by records in flight), send on schedule, then flush so that every
// produced event ends acked or failed.
import type { ProducedSpan } from '../engine/trace-spans.js';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { TOPICS } from '../events/event-types.js';
import { describe, errors } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { productRowsBuffer } from '../model/product-rows.js';
import { eventValidatorsCode } from '../events/schema-registry.js';
import { DeliveryAccounting, } from '../engine/accounting.js';
import { LatencyRecorder } from '../engine/histograms.js';
import { SHUTDOWN_REASON, stallLimitMs, stallReason } from '../engine/delivery-deadlines.js';
import { startMonitor, type MonitorOptions, type ProgressSample } from '../engine/monitor.js';
import { sendingDeadline, targetBetween, totalSlots } from '../engine/pacer.js';
import { hasSegments, segmentOfTime } from '../engine/segments.js';
import Kafka from 'node-rdkafka';
import { RdkafkaProducer } from '../kafka/rdkafka-producer.js';
import type { EventProducer } from '../engine/event-producer.js';
import { Control, YOUNG_GENERATION_MB, chunkSlotsFor, type GeneratorReport, type GeneratorTask, type WorkerMessage } from '../engine/protocol.js';
import type { RunConfig } from '../config/run-config.js';
import type { LoadRun, RunOutcome } from '../engine/run-outcome.js';
import { Sender, settleDeliveries } from '../engine/sender.js';
import { systemClock, type TimerClock } from '../engine/clock.js';
import { IN_FLIGHT_HIGH_WATER, START_LEAD_MS, startBudget } from '../engine/budget.js';

const GENERATOR = fileURLToPath(new URL('../../workers/generator.js', import.meta.url));

export { SATURATION_MS, type ProgressSample } from '../engine/monitor.js';

export interface LoadRunOptions {
  readonly config: RunConfig;
  readonly scenario: Scenario;
  readonly schemasDir: string;
  readonly onProgress: (sample: ProgressSample) => void;
  /** --trace-sample: spans of sampled records as the producer threads settle them (--producer native). */
  readonly onSpans?: (spans: readonly ProducedSpan[]) => void;
  /** Each second's latency interval per producer metric (microseconds), as the .hlog files get it. */
  readonly onInterval?: MonitorOptions['onInterval'];
  /** The machine's second, for each progress sample (src/engine/host-load.ts). */
  readonly host?: MonitorOptions['host'];
  /** Called once the schedule's start is fixed (slot 0's intended time, Unix ms), before anything is sent. */
  readonly onStart?: (startMs: number) => void;
  /** Time and timers (default: the system's); a fake one makes the run's timing exact in tests. */
  readonly clock?: TimerClock;
  /** Another producer design (default: node-rdkafka on the main thread). */
  readonly producer?: EventProducer;
  /** Records in flight above which the budget stops rising (default IN_FLIGHT_HIGH_WATER). */
  readonly inFlightHighWater?: number;
  /** The generator threads' module (default workers/generator.js; tests use one that fails). */
  readonly generatorFile?: string;
}

/**
 * What every generator (or producer) thread of a run generates with: the event validators as code, compiled
 * once here, and the product rows in shared memory, filled by whichever thread needs a row first.
 */
export function threadGeneration(options: Pick<LoadRunOptions, 'scenario' | 'schemasDir'>): Pick<GeneratorTask, 'validators' | 'catalogRows'> {
  const catalogRows = productRowsBuffer(options.scenario.catalog.products);
  return { validators: eventValidatorsCode(options.schemasDir), ...(catalogRows ? { catalogRows } : {}) };
}

export async function startLoad(options: LoadRunOptions): Promise<LoadRun> {
  const { config, clock = systemClock, inFlightHighWater = IN_FLIGHT_HIGH_WATER } = options;
  // Before connecting: schemas that do not compile are a usage error with nothing to close.
  const generation = threadGeneration(options);
  const producer = options.producer ?? new RdkafkaProducer(Kafka, config.brokers, config.properties, config.connectTimeoutMs);
  await producer.connect(TOPICS);

  const control = new SharedArrayBuffer(Control.bytes);
  const cells = new Int32Array(control, 0, Control.cells);
  const startMs = new Float64Array(control, Control.startMsOffset, 1);
  const chunkSlots = chunkSlotsFor(config.schedule);
  const total = totalSlots(config.schedule);
  const pool = new Piscina({
    filename: options.generatorFile ?? GENERATOR, minThreads: config.workers, maxThreads: config.workers, atomics: 'async', idleTimeout: 1000,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });

  let ready = 0;
  let onReady: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (onReady = resolve));
  let sender: Sender | undefined;
  const tasks = Array.from({ length: config.workers }, (_, worker) => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: WorkerMessage) => {
      if (message.kind === 'batch') sender?.accept(message);
      else if (message.kind === 'end') port1.close();
      else if (++ready === config.workers) onReady();
    });
    const task: GeneratorTask = {
      worker, workers: config.workers, seed: config.seed, scenario: options.scenario, ...generation,
      injectInvalid: config.injectInvalid, schedule: config.schedule, spikes: config.spikes, timeline: config.timeline, chunkSlots, control, port: port2,
    };
    return pool.run(task, { transferList: [port2] }) as Promise<GeneratorReport>;
  });
  // A worker that fails before it is ready must not leave the run waiting forever, nor its pool and
  // producer alive (they would keep the process from exiting).
  const failed = Promise.race(tasks.map((t) => t.then(() => new Promise<never>(() => undefined))));
  try {
    await Promise.race([allReady, failed]);
  } catch (err) {
    Atomics.store(cells, Control.stop, 1);
    Atomics.notify(cells, Control.allowedChunks);
    await Promise.allSettled(tasks);
    await pool.destroy();
    await producer.disconnect();
    throw errors.generation(`a generator thread failed: ${describe(err)}`);
  }

  // A generator that fails mid-run ends the run with its error rather than leaving the sender waiting.
  let generatorError: unknown;
  for (const task of tasks) {
    task.catch((err: unknown) => {
      generatorError ??= err;
      sender?.stop();
    });
  }

  // The clock starts now that every generator is warm: slot 0 is due in START_LEAD_MS.
  const t0Us = config.startAtMs === null ? clock.nowUs() + START_LEAD_MS * 1000 : config.startAtMs * 1000;
  startMs[0] = t0Us / 1000;
  const accounting = new DeliveryAccounting(TOPICS, t0Us);
  const latency = new LatencyRecorder();
  options.onStart?.(t0Us / 1000);
  const segmentOf = hasSegments(config.timeline) ? { segmentOf: (us: number) => segmentOfTime(config.timeline, (us - t0Us) / 1e6) } : {};
  const s = (sender = new Sender({ producer, accounting, latency, topics: TOPICS, schedule: config.schedule, runId: config.runId, producerId: 0, clock, ...segmentOf }));
  settleDeliveries(producer, accounting, latency, clock, segmentOf.segmentOf);

  const stopBudget = startBudget({
    clock, cells, t0Us, policy: { schedule: config.schedule, chunkSlots, workers: config.workers, inFlightHighWater },
    chunksSent: () => s.nextChunk, inFlight: () => accounting.inFlight,
  });

  const monitor = startMonitor({
    clock, t0Us, target: (from, to) => targetBetween(config.schedule, from, to),
    counts: () => accounting,
    takeInterval: (metric) => latency.takeInterval(metric),
    clusterError: () => producer.clusterError?.() ?? null,
    stallLimitMs: stallLimitMs(config.properties),
    onSample: options.onProgress,
    ...(options.onInterval ? { onInterval: options.onInterval } : {}),
    onStall: () => s.stop(),
    ...(options.host ? { host: options.host } : {}),
  });

  let abandoned = 0;
  let status: RunOutcome['status'] = 'complete';
  let signalled = false;
  let endUs = t0Us;
  const generators: GeneratorReport[] = [];
  const snapshot = (): RunOutcome => ({
    status, startedAtMs: t0Us / 1000, durationS: Math.max(1e-3, ((endUs > t0Us ? endUs : clock.nowUs()) - t0Us) / 1e6),
    accounting, latency, logs: monitor.logs, sender: s, generators, progress: monitor.progress, abandoned,
  });

  const done = (async (): Promise<RunOutcome> => {
    const duration = sendingDeadline(config.schedule);
    const cancelDeadline = duration === Infinity ? undefined : clock.after(duration * 1000 + 50, () => s.stop());
    try {
      await s.run(total);
    } finally {
      cancelDeadline?.();
      Atomics.store(cells, Control.stop, 1);
      Atomics.notify(cells, Control.allowedChunks);
      stopBudget();
    }
    if (signalled) status = 'interrupted';
    const stalled = monitor.stalled;
    if (stalled) status = 'aborted';
    if (generatorError !== undefined) {
      monitor.stop();
      await Promise.allSettled(tasks);
      await pool.destroy();
      await producer.disconnect();
      throw errors.generation(`a generator thread failed: ${describe(generatorError)}`);
    }
    // Flush: librdkafka settles every queued record within message.timeout.ms (acked or failed); anything
    // still unreported a little after that is counted as failed, so nothing is left in flight.
    const flushDeadline = stalled ? 0 : clock.nowUs() + stallLimitMs(config.properties) * 1000;
    while (accounting.inFlight > 0 && clock.nowUs() < flushDeadline) {
      await producer.flush(500);
      producer.poll();
      await clock.sleep(0);
    }
    abandoned = accounting.abandonInFlight(stalled ? stallReason(config.properties) : SHUTDOWN_REASON);
    endUs = clock.nowUs();
    monitor.stop();
    generators.push(...(await Promise.all(tasks)));
    await pool.destroy();
    await producer.disconnect();
    return snapshot();
  })();
  done.catch(() => undefined);

  return {
    stop: () => {
      signalled = true;
      s.stop();
    },
    snapshot,
    done,
  };
}
