// The measuring consumer through node-rdkafka: the previous design, one JavaScript object per record, kept
// beside the native one for bench/e2e-latency.bench.ts (LOADGEN_CONSUME_MODE=flowing|batch selects it, see
// src/consumer/measure.ts). It reads every topic a run writes, from the offsets the topics had when the
// run started, and records for each record of the run
//   e2e              receive time - intended send time (corrected for coordinated omission)
//   e2e_uncorrected  receive time - actual send time
// plus the integrity counts (src/consumer/integrity.ts). Receive time is when the batch holding the record
// reached JavaScript, on the same clock as the stamps (performance.timeOrigin + performance.now(), Unix us);
// across hosts it is only as good as their clock sync, and negative latencies are counted, not hidden.
//
// How records reach JavaScript matters for latency (bench/e2e-latency.bench.ts measures it): node-rdkafka's
// consume(n) waits up to its timeout for EACH message until it has n, so with the default 1 s a batch at low
// rates comes back up to a second late and every latency in it is inflated (1,000 events/s: e2e p50 1,129 ms;
// with partition EOF to end batches early, 7.9 ms). Flowing mode, consume() with no count, hands over each
// message as librdkafka's consume loop gets it: p50 0.8 ms. Its loop sleeps 500 ms after an empty wait by
// default, which put a 500 ms tail on the latencies; that sleep is set to 0 here (the wait itself blocks on
// librdkafka's queue, so it does not spin). Both modes read about 60,000 records/s on this machine.
import { randomBytes } from 'node:crypto';
import type Kafka from 'node-rdkafka';
import { describe, errors } from '../errors.js';
import { LG_HEADER, parseStamp } from '../events/record-header.js';
import { CONSUMER_METRICS, LatencyRecorder } from '../engine/histograms.js';
import { segmentOfTime } from '../engine/segments.js';
import { IntervalLog } from '../engine/interval-log.js';
import { clientConfig, type ConnectionOptions } from '../config/connection.js';
import { connectClient } from '../kafka/connect.js';
import { IntegrityTracker } from './integrity.js';
import { inShare, pausedAtStart, schedulePauses, type MeasureOptions, type MeasureResult, type Measurement } from './measurement.js';

/** librdkafka's RD_KAFKA_OFFSET_BEGINNING. */
const OFFSET_BEGINNING = -2;
const BATCH = 2000;
/** consume(n)'s wait for the first message of a batch. */
const CONSUME_TIMEOUT_MS = Number(process.env['LOADGEN_CONSUME_TIMEOUT_MS'] ?? 100);
/** 'flowing' or 'batch' (consume(n)), for the latency benchmark. */
const CONSUME_MODE = process.env['LOADGEN_CONSUME_MODE'] === 'batch' ? 'batch' : 'flowing';
/** Batch mode only: end a batch as soon as the partitions are drained (LOADGEN_CONSUME_EOF=0: the plain consume(n)). */
const PARTITION_EOF = CONSUME_MODE === 'batch' && process.env['LOADGEN_CONSUME_EOF'] !== '0';

type Consumer = InstanceType<typeof Kafka.KafkaConsumer>;

export async function startRdkafkaMeasure(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, options: MeasureOptions): Promise<Measurement> {
  const { clock } = options;
  const consumer: Consumer = new kafka.KafkaConsumer(
    {
      ...clientConfig(options, 'loadgen-measure'),
      'group.id': `loadgen-measure-${randomBytes(4).toString('hex')}`,
      'enable.auto.commit': false,
      'enable.partition.eof': PARTITION_EOF,
    },
    {},
  );
  const metadata = await connectClient(consumer, options);
  const partitions: { topic: string; partition: number }[] = [];
  let shareIndex = 0;
  for (const topic of options.topics) {
    const found = metadata.topics.find((t) => t.name === topic);
    if (!found || found.partitions.length === 0) {
      await disconnect(consumer);
      throw errors.kafka('consume', `topic ${topic} does not exist on ${options.brokers}`);
    }
    for (const p of [...found.partitions].sort((a, b) => a.id - b.id)) if (inShare(options.share, shareIndex++)) partitions.push({ topic, partition: p.id });
  }
  // Where each partition starts, and the next offset to read (for knowing when everything was read).
  const position = new Map<string, number>();
  const starts = options.from === 'now' ? await endOffsets(kafka, options, partitions) : partitions.map(() => OFFSET_BEGINNING);
  const assignment = partitions.map((tp, i) => ({ ...tp, offset: starts[i] as number }));
  for (const a of assignment) if (a.offset >= 0) position.set(`${a.topic}/${a.partition}`, a.offset);
  consumer.assign(assignment);
  consumer.setDefaultConsumeTimeout(CONSUME_TIMEOUT_MS);

  const integrity = new IntegrityTracker(options.runId);
  const latency = new LatencyRecorder(CONSUMER_METRICS);
  let logs = { e2e: new IntervalLog(Date.now()), e2e_uncorrected: new IntervalLog(Date.now()) };
  let intervalStartMs = Date.now();
  let messages = 0;

  const takeIntervals = () => {
    const endMs = clock.nowUs() / 1000;
    for (const metric of CONSUMER_METRICS) logs[metric].add(latency.takeInterval(metric), intervalStartMs, endMs);
    intervalStartMs = endMs;
  };
  let stopTicker = clock.every(1000, takeIntervals);

  let stopping = false;
  // The run's start (0: not known yet) and its warm-up and phases: each record's latencies also go to its segment's.
  let baseMs = 0;
  let pausing: () => void = () => undefined;
  let paused = false;
  const setPaused = (pause: boolean) => {
    if (pause === paused) return;
    paused = pause;
    const all = partitions.map(({ topic, partition }) => ({ topic, partition }));
    if (pause) consumer.pause(all);
    else consumer.resume(all);
  };
  if (pausedAtStart(options.pauses)) setPaused(true);
  const timeline = options.timeline;
  let failure: ((err: unknown) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined);
  const handle = (message: Kafka.Message, nowUs: number) => {
    messages++;
    position.set(`${message.topic}/${message.partition}`, message.offset + 1);
    const stamp = stampOf(message);
    if (integrity.observe(message.topic, message.partition, stamp) !== 'counted' || stamp === null) return;
    const segment = timeline && baseMs > 0 ? segmentOfTime(timeline, (stamp.intendedUs / 1000 - baseMs) / 1000) : null;
    latency.record('e2e', message.topic, nowUs - stamp.intendedUs, segment);
    latency.record('e2e_uncorrected', message.topic, nowUs - stamp.actualUs, segment);
  };
  let endFlowing: () => void = () => undefined;
  const loop =
    CONSUME_MODE === 'flowing'
      ? new Promise<void>((resolve, reject) => {
          endFlowing = resolve;
          consumer.setDefaultConsumeLoopTimeoutDelay(0);
          // The typings say an array; flowing mode passes one message per call (lib/kafka-consumer.js).
          consumer.consume((err, found) => {
            if (err) return reject(err);
            const nowUs = clock.nowUs();
            const arrived: Kafka.Message | Kafka.Message[] = found;
            if (Array.isArray(arrived)) for (const message of arrived) handle(message, nowUs);
            else handle(arrived, nowUs);
          });
        })
      : (async () => {
          while (!stopping) {
            const batch = await new Promise<Kafka.Message[]>((resolve, reject) =>
              consumer.consume(BATCH, (err, found) => (err ? reject(err) : resolve(found))),
            );
            const nowUs = clock.nowUs();
            for (const message of batch) handle(message, nowUs);
          }
        })();
  loop.catch((err: unknown) => failure?.(errors.kafka('consume', describe(err))));

  const end = async (drained: boolean): Promise<MeasureResult> => {
    stopping = true;
    pausing();
    endFlowing();
    stopTicker();
    await loop.catch(() => undefined);
    takeIntervals();
    await disconnect(consumer);
    return { drained, integrity, latency, logs, messages, resets: [] };
  };

  return {
    setBase: (ms) => {
      baseMs = ms;
      // Phases that pause the consumer: node-rdkafka's pause() stops fetching the partitions until resume().
      pausing = schedulePauses(clock, ms, options.pauses ?? [], setPaused);
      logs = { e2e: new IntervalLog(baseMs), e2e_uncorrected: new IntervalLog(baseMs) };
      for (const metric of CONSUMER_METRICS) latency.takeInterval(metric);
      intervalStartMs = baseMs;
      // Intervals at whole seconds after the start, like the producer's.
      stopTicker();
      stopTicker = clock.after(Math.max(0, baseMs + 1000 - clock.nowUs() / 1000), () => {
        takeIntervals();
        if (!stopping) stopTicker = clock.every(1000, takeIntervals);
      });
    },
    finish: async (timeoutMs) => {
      // Whatever a paused phase left unread is read now: the drain reads everything produced.
      pausing();
      setPaused(false);
      const deadline = clock.nowUs() + timeoutMs * 1000;
      const highs = await endOffsets(kafka, options, partitions);
      const ends = new Map(partitions.map((tp, i) => [`${tp.topic}/${tp.partition}`, highs[i] as number]));
      const caughtUp = () => [...ends].every(([key, high]) => (position.get(key) ?? 0) >= high);
      while (!caughtUp() && clock.nowUs() < deadline) await clock.sleep(20);
      return end(caughtUp());
    },
    stop: () => end(false),
    failed,
    messages: () => messages,
    // node-rdkafka's consumer (a comparison path) does not report its lag.
    lag: () => null,
    soFar: () => null,
  };
}

function stampOf(message: Kafka.Message): ReturnType<typeof parseStamp> {
  for (const header of message.headers ?? []) {
    const value = header[LG_HEADER];
    if (value !== undefined) return parseStamp(Buffer.from(value).toString('latin1'));
  }
  return null;
}

/**
 * Each partition's end (high watermark), asked of the broker by a short-lived client of its own: while a
 * consumer is in flowing mode, its own queries wait behind the consume loop (500 ms each, measured).
 */
async function endOffsets(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, options: ConnectionOptions, partitions: readonly { topic: string; partition: number }[]): Promise<number[]> {
  const probe: Consumer = new kafka.KafkaConsumer({ ...clientConfig(options, 'loadgen-offsets'), 'group.id': 'loadgen-offsets', 'enable.auto.commit': false }, {});
  await connectClient(probe, options);
  try {
    return await Promise.all(
      partitions.map(
        (tp) =>
          new Promise<number>((resolve, reject) =>
            probe.queryWatermarkOffsets(tp.topic, tp.partition, options.timeoutMs, (err, offsets) =>
              err ? reject(errors.kafka(`reading the end offset of ${tp.topic}/${tp.partition}`, describe(err))) : resolve(offsets.highOffset),
            ),
          ),
      ),
    );
  } finally {
    await disconnect(probe);
  }
}

function disconnect(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => consumer.disconnect(() => resolve()));
}
