// Exporting the spans of sampled events (--trace-sample with --zipkin-endpoint or --otlp-endpoint) through
// OpenTelemetry's JavaScript SDK: one PRODUCER span per sampled event, from when it was handed to the client
// to its acknowledgement (the run's main thread, from the producer threads' ticks), and one CONSUMER span
// when the companion consumer received it, a child of the producer span named by the record's traceparent.
// The spans are built after the fact with their measured times; the ids are the ones the traceparent header
// carries (an IdGenerator that hands them over), so downstream stages that read the header join the trace.
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, RandomIdGenerator, type IdGenerator, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TraceExportTarget } from '../config/run-config.js';
import type { ProducedSpan } from '../engine/trace-spans.js';
import { parseTraceparent } from '../events/trace-context.js';
import { LOADGEN_VERSION } from '../version.js';

/** A record the companion consumer received carrying a traceparent header. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly traceparent: string;
  /** When its batch was taken off the client's queue, us since the Unix epoch. */
  readonly receivedUs: number;
}

export interface TraceExport {
  produced(spans: readonly ProducedSpan[], topicName: (index: number) => string): void;
  consumed(records: readonly ConsumedRecord[]): void;
  /** Spans handed to the SDK so far. */
  readonly spans: number;
  /** Exports what is queued, then stops. */
  shutdown(): Promise<void>;
}

/** Hands out the ids set for the next span (the sampled event's), else random ones. */
class GivenIds implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  next: { traceId: string; spanId: string } | null = null;

  generateTraceId(): string {
    return this.next?.traceId ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.next?.spanId ?? this.random.generateSpanId();
  }
}

/**
 * Unix microseconds as OpenTelemetry's high-resolution time, [seconds, nanoseconds], in whole microseconds:
 * Zipkin's API takes integer microseconds only.
 */
const hrTime = (us: number): [number, number] => {
  const whole = Math.round(us);
  return [Math.floor(whole / 1e6), (whole % 1e6) * 1000];
};

export function exporterFor(target: TraceExportTarget): SpanExporter {
  return target.kind === 'zipkin' ? new ZipkinExporter({ url: target.url, serviceName: 'loadgen' }) : new OTLPTraceExporter({ url: target.url });
}

/**
 * `side` names the process in the spans' resource: the run's producer ('loadgen') or its companion consumer
 * ('loadgen-consumer'), as two services of one trace.
 */
export function startTraceExport(exporter: SpanExporter, runId: string, side: 'producer' | 'consumer'): TraceExport {
  const ids = new GivenIds();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': side === 'producer' ? 'loadgen' : 'loadgen-consumer', 'service.version': LOADGEN_VERSION, 'loadgen.run_id': runId }),
    idGenerator: ids,
    // Spans are queued and sent in batches once a second; a full queue drops spans rather than slowing the run.
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 65_536, maxExportBatchSize: 2_048, scheduledDelayMillis: 1_000 })],
  });
  const tracer: Tracer = provider.getTracer('loadgen', LOADGEN_VERSION);
  let spans = 0;
  return {
    produced: (produced, topicName) => {
      for (const s of produced) {
        const topic = topicName(s.topicIndex);
        ids.next = { traceId: s.traceId, spanId: s.spanId };
        const span = tracer.startSpan(`send ${topic}`, {
          kind: SpanKind.PRODUCER,
          startTime: hrTime(s.startUs),
          attributes: {
            'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': topic, 'loadgen.run_id': runId, 'loadgen.slot': s.slot,
          },
        }, ROOT_CONTEXT);
        ids.next = null;
        span.end(hrTime(s.endUs));
        spans++;
      }
    },
    consumed: (records) => {
      for (const r of records) {
        const parent = parseTraceparent(r.traceparent);
        if (!parent) continue;
        const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: parent.traceId, spanId: parent.parentId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
        const span = tracer.startSpan(`receive ${r.topic}`, {
          kind: SpanKind.CONSUMER,
          startTime: hrTime(r.receivedUs),
          attributes: {
            'messaging.system': 'kafka', 'messaging.operation.type': 'receive', 'messaging.destination.name': r.topic,
            'messaging.destination.partition.id': String(r.partition), 'messaging.kafka.offset': r.offset, 'loadgen.run_id': runId,
          },
        }, context);
        span.end(hrTime(r.receivedUs));
        spans++;
      }
    },
    get spans() {
      return spans;
    },
    shutdown: () => provider.shutdown(),
  };
}
