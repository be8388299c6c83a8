// One load run with producer threads (`--producer native`, the default): each Piscina worker generates its
// chunks and produces them through the native addon (workers/producer.ts); the main thread only
// coordinates: the budget of chunks in shared memory, the once-a-second merge of the threads' ticks
// (progress, .hlog intervals, the stall check), signals, and the end, where each thread's whole-run
// histograms and acked slots are merged.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { TOPICS } from '../events/event-types.js';
import { describe, errors, type ExitCode, LoadgenError } from '../errors.js';
import { stallLimitMs, stallReason, SHUTDOWN_REASON } from '../engine/delivery-deadlines.js';
import { LatencyRecorder } from '../engine/histograms.js';
import { threadGeneration, type LoadRunOptions } from './load-run.js';
import { IN_FLIGHT_HIGH_WATER, START_LEAD_MS, startBudget } from '../engine/budget.js';
import type { LoadRun, RunOutcome } from '../engine/run-outcome.js';
import { startMonitor } from '../engine/monitor.js';
import { sendingDeadline, targetBetween } from '../engine/pacer.js';
import { Control, YOUNG_GENERATION_MB, chunkSlotsFor, type PhaseProducer, type ProducerMessage, type ProducerReport, type ProducerTask } from '../engine/protocol.js';
import { streamOf } from '../config/instances.js';
import type { RunConfig } from '../config/run-config.js';
import { RunTotals } from '../engine/run-totals.js';
import { systemClock } from '../engine/clock.js';

const PRODUCER = fileURLToPath(new URL('../../workers/producer.js', import.meta.url));

/** Client-queue bounds that loadgen sets for the whole run (PRODUCER_DEFAULTS), and their floors per thread. */
const SPLIT_QUEUE_BOUNDS: readonly (readonly [string, number])[] = [
  ['queue.buffering.max.messages', 1_000],
  ['queue.buffering.max.kbytes', 4_096],
];

/**
 * Each thread's producer properties. loadgen's client-queue bounds are for the whole run, so each of the
 * threads' producers gets its share (8 producers with the whole 64 MiB each peaked at 952 MB RSS at --rate
 * max); a bound the user set (-X, --config) is the user's, per producer, as librdkafka defines it.
 */
export function threadProperties(config: Pick<RunConfig, 'properties' | 'userProperties'>, threads: number): Record<string, string> {
  const properties = { ...config.properties };
  for (const [key, floor] of SPLIT_QUEUE_BOUNDS) {
    const whole = Number(properties[key]);
    if (config.userProperties[key] === undefined && Number.isFinite(whole)) properties[key] = String(Math.max(floor, Math.ceil(whole / threads)));
  }
  return properties;
}

/** The phases' producers when some phase has properties of its own (each over the run's, split like them). */
function phaseProducers(config: RunConfig): { phaseProducers?: PhaseProducer[] } {
  if (!config.phases.some((p) => Object.keys(p.properties).length > 0)) return {};
  return {
    phaseProducers: config.phases.map((p, i) => ({
      firstSlot: config.timeline.phaseSlots[i] ?? 0,
      properties: threadProperties({ properties: { ...config.properties, ...p.properties }, userProperties: { ...config.userProperties, ...p.properties } }, config.workers),
    })),
  };
}

export async function startNativeLoad(options: LoadRunOptions): Promise<LoadRun> {
  const { config, clock = systemClock, inFlightHighWater = IN_FLIGHT_HIGH_WATER } = options;
  const control = new SharedArrayBuffer(Control.bytes);
  const cells = new Int32Array(control, 0, Control.cells);
  const startMs = new Float64Array(control, Control.startMsOffset, 1);
  const chunkSlots = chunkSlotsFor(config.schedule);
  const signal = (cell: number) => {
    Atomics.store(cells, cell, 1);
    Atomics.notify(cells, Control.allowedChunks);
  };
  const generation = threadGeneration(options);
  const pool = new Piscina({
    filename: options.generatorFile ?? PRODUCER, minThreads: config.workers, maxThreads: config.workers, atomics: 'async', idleTimeout: 1000,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });

  const totals = new RunTotals(TOPICS);
  const inFlightCells = new SharedArrayBuffer(4 * config.workers);
  const inFlight = new Int32Array(inFlightCells);
  const inFlightNow = () => inFlight.reduce((sum, _, i) => sum + Atomics.load(inFlight, i), 0);
  let ready = 0;
  let onReady: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (onReady = resolve));
  // The first thread failure, with its loadgen message and exit code when it had one.
  let failure: LoadgenError | undefined;
  const tasks = Array.from({ length: config.workers }, (_, worker) => {
    const { port1, port2 } = new MessageChannel();
    const onMessage = (message: ProducerMessage) => {
      if (message.kind === 'tick') {
        totals.absorb(message);
        if (message.spans) options.onSpans?.(message.spans);
      }
      else if (message.kind === 'failed') failure ??= new LoadgenError(message.message, message.exitCode as ExitCode);
      else if (++ready === config.workers) onReady();
    };
    port1.on('message', onMessage);
    const task: ProducerTask = {
      worker, workers: config.workers, stream: streamOf(config.instances, worker), streams: config.instances.count * config.workers, seed: config.seed, scenario: options.scenario, ...generation,
      injectInvalid: config.injectInvalid, schedule: config.schedule, spikes: config.spikes, timeline: config.timeline, chunkSlots, control, port: port2,
      brokers: config.brokers, properties: threadProperties(config, config.workers), topics: TOPICS, runId: config.runId, connectTimeoutMs: config.connectTimeoutMs,
      inFlight: inFlightCells, traceSample: config.traceSample, ...phaseProducers(config),
    };
    const run = pool.run(task, { transferList: [port2] }) as Promise<ProducerReport>;
    // The task's result and the port's messages travel separately: wait for every tick the thread posted
    // (bounded: a port does not lose messages, but a run must never hang on a count).
    return run.then(async (report) => {
      for (let waited = 0; (totals.ticks.get(worker) ?? 0) < report.ticksPosted && waited < 2000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
      port1.close();
      return report;
    }, (err: unknown) => {
      // A failed thread's last ticks (what it sent before it failed) may still wait in the port, and closing
      // it would drop them: then its in-flight records were counted neither produced nor failed. Every
      // message the thread posted is queued by now (it posted them before it threw).
      for (let queued = receiveMessageOnPort(port1); queued !== undefined; queued = receiveMessageOnPort(port1)) onMessage(queued.message as ProducerMessage);
      port1.close();
      throw err;
    });
  });
  const threadFailed = (err: unknown) => failure ?? errors.generation(`a producer thread failed: ${describe(err)}`);

  // A thread that fails mid-run stops the others, which drain; the run then ends "aborted" with its reason.
  for (const task of tasks) task.catch(() => signal(Control.stop));
  // A thread that fails before it is ready (the cluster unreachable, a topic missing) fails the run at once.
  const failed = Promise.race(tasks.map((t) => t.then(() => new Promise<never>(() => undefined))));
  try {
    await Promise.race([allReady, failed]);
  } catch (err) {
    signal(Control.stop);
    await Promise.allSettled(tasks);
    await pool.destroy();
    throw threadFailed(err);
  }

  // The clock starts now that every thread is connected and warm: slot 0 is due in START_LEAD_MS, or at --start-at.
  const t0Us = config.startAtMs === null ? clock.nowUs() + START_LEAD_MS * 1000 : config.startAtMs * 1000;
  startMs[0] = t0Us / 1000;
  options.onStart?.(t0Us / 1000);
  const latency = new LatencyRecorder();

  const stopBudget = startBudget({
    clock, cells, t0Us, policy: { schedule: config.schedule, chunkSlots, workers: config.workers, inFlightHighWater, instances: config.instances.count },
    chunksSent: () => Atomics.load(cells, Control.chunksSent), inFlight: inFlightNow,
  });

  let signalled = false;
  const monitor = startMonitor({
    clock, t0Us, target: (from, to) => targetBetween(config.schedule, from, to),
    counts: () => totals,
    takeInterval: (metric) => totals.takeInterval(metric),
    clusterError: () => totals.clusterError,
    stallLimitMs: stallLimitMs(config.properties),
    onSample: options.onProgress,
    ...(options.onInterval ? { onInterval: options.onInterval } : {}),
    // The threads stop sending and stop waiting for reports; what is in flight is counted failed.
    onStall: () => {
      signal(Control.abort);
      signal(Control.stop);
    },
    ...(options.host ? { host: options.host } : {}),
  });
  const duration = sendingDeadline(config.schedule);
  const cancelDeadline = duration === Infinity ? undefined : clock.after(duration * 1000 + 50, () => signal(Control.stop));

  let endUs = t0Us;
  const generators: ProducerReport[] = [];
  let threadFailure: string | undefined;
  const status = (): RunOutcome['status'] => (monitor.stalled || threadFailure !== undefined ? 'aborted' : signalled ? 'interrupted' : 'complete');
  const snapshot = (): RunOutcome => ({
    ...(threadFailure === undefined ? {} : { failure: threadFailure }), status: status(), startedAtMs: t0Us / 1000, durationS: Math.max(1e-3, ((endUs > t0Us ? endUs : clock.nowUs()) - t0Us) / 1e6),
    accounting: totals, latency, logs: monitor.logs, sender: { sent: totals.produced, stalls: 0, queueFull: totals.queueFull }, generators, progress: monitor.progress,
    abandoned: (totals.failures.get(SHUTDOWN_REASON) ?? 0) + (totals.failures.get(stallReason(config.properties)) ?? 0),
  });

  const done = (async (): Promise<RunOutcome> => {
    // Each thread ends by itself: its share of the slots sent (or a stop) and its records drained.
    const settled = await Promise.allSettled(tasks);
    cancelDeadline?.();
    stopBudget();
    signal(Control.stop);
    endUs = clock.nowUs();
    for (const s of settled) {
      if (s.status === 'rejected') continue;
      totals.finish(s.value, latency);
      if (s.value.finalTick.spans) options.onSpans?.(s.value.finalTick.spans);
      generators.push(s.value);
    }
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) {
      // Every other thread has drained: what is still unsettled was the failed thread's, in flight.
      const why = failure?.message ?? describe(rejected.reason);
      threadFailure = `a producer thread failed: ${why}`;
      totals.failUnsettled(`in flight when ${threadFailure}`);
    }
    // After the threads' last ticks, so the .hlog intervals hold every value the summary does.
    monitor.stop();
    await pool.destroy();
    return snapshot();
  })();
  done.catch(() => undefined);

  return {
    stop: () => {
      signalled = true;
      signal(Control.stop);
    },
    snapshot,
    done,
  };
}
