// The companion consumer's side of the protocol (src/consumer/companion-protocol.ts): `loadgen consume
// --companion`, started by `loadgen run` with an IPC channel. It never outlives the run: it exits when the
// channel closes (the run ended, or was killed), and ignores SIGINT/SIGTERM, which the run coordinates.
import type { TracedReceipt } from '../engine/protocol.js';
import { exporterFor, startTraceExport, type TraceExport } from '../telemetry/tracing.js';
import type Kafka from 'node-rdkafka';
import { describe, isLoadgenError } from '../errors.js';
import type { TimerClock } from '../engine/clock.js';
import { encode, type Histogram } from '../engine/histograms.js';
import { toReport, type FromCompanion, type ToCompanion } from './companion-protocol.js';
import { startMeasure } from './measure.js';
import type { Measurement } from './measurement.js';
import { writeConsumerLogs } from './consumer-results.js';

export interface Channel {
  send(message: FromCompanion): void;
  onMessage(handler: (message: ToCompanion) => void): void;
  /** The other side went away. */
  onClose(handler: () => void): void;
}

/** This process's IPC channel to its parent. */
export function parentChannel(): Channel {
  return {
    send: (message) => process.send?.(message),
    onMessage: (handler) => process.on('message', (message) => handler(message as ToCompanion)),
    onClose: (handler) => process.on('disconnect', handler),
  };
}

/** Serves one run; resolves with the exit code once the result (or an error) is sent. */
export function serveCompanion(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, channel: Channel, clock: TimerClock): Promise<number> {
  return new Promise((resolve) => {
    let measurement: Measurement | undefined;
    let tracing: TraceExport | null = null;
    let stopProgress: () => void = () => undefined;
    let outDir = '.';
    let finished = false;
    const fail = (err: unknown) => {
      stopProgress();
      channel.send({ kind: 'error', message: describe(err), exitCode: isLoadgenError(err) ? err.exitCode : 1 });
      resolve(1);
    };
    channel.onClose(() => {
      stopProgress();
      if (!finished) void measurement?.stop();
      resolve(1);
    });
    channel.onMessage((message) => {
      if (message.kind === 'open') {
        outDir = message.outDir;
        const onInterval = message.intervals ? { onInterval: (metric: 'e2e' | 'e2e_uncorrected', h: Histogram) => channel.send({ kind: 'interval', metric, histogram: encode(h) }) } : {};
        const topics = message.topics;
        tracing = message.traces ? startTraceExport(exporterFor(message.traces), message.runId, 'consumer') : null;
        const exporting = tracing;
        const onTraced = exporting
          ? { onTraced: (records: readonly TracedReceipt[]) => exporting.consumed(records.map((r) => ({ ...r, topic: topics[r.topicIndex] ?? `topic-${r.topicIndex}` }))) }
          : {};
        startMeasure(kafka, { ...message.connection, topics, runId: message.runId, from: 'now', clock, threads: message.threads, ...onInterval, ...onTraced, ...(message.timeline ? { timeline: message.timeline } : {}), ...(message.pauses ? { pauses: message.pauses } : {}), ...(message.share ? { share: message.share } : {}) })
          .then((m) => {
            measurement = m;
            // Lag and counts once a second beside the intervals, for the run's /metrics; stopped at the finish.
            if (message.intervals) {
              stopProgress = clock.every(1000, () => channel.send({ kind: 'progress', lag: m.lag(), soFar: m.soFar() }));
            }
            m.failed.catch(fail);
            channel.send({ kind: 'ready' });
          })
          .catch(fail);
      } else if (message.kind === 'start') {
        measurement?.setBase(message.baseMs);
      } else if (measurement && !finished) {
        finished = true;
        stopProgress();
        measurement
          .finish(message.drainTimeoutMs)
          .then(async (result) => {
            // A results directory that cannot be written costs the .hlog files, never the figures: they
            // travel in the report, and the run says which file it could not write.
            let unwritten: string | undefined;
            try {
              writeConsumerLogs(outDir, result);
            } catch (err) {
              unwritten = describe(err);
            }
            // The consume spans go out before the run hears the result (a trace backend down costs them only).
            await tracing?.shutdown().catch(() => undefined);
            channel.send({ kind: 'result', report: toReport(result), ...(unwritten === undefined ? {} : { unwritten }) });
            resolve(0);
          })
          .catch(fail);
      }
    });
  });
}
