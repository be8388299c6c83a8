// The measuring consumer: reads every topic a run writes, from the offsets the topics had when the run
// started, and records for each record of the run
//   e2e              receive time - intended send time (corrected for coordinated omission)
//   e2e_uncorrected  receive time - actual send time
// plus the integrity counts (src/consumer/integrity.ts). Receive time is when the batch holding the record
// was taken off librdkafka's queue, on the producer's clock (CLOCK_REALTIME, Unix us); across hosts it is
// only as good as their clock sync, and negative latencies are counted, not hidden.
//
// Two implementations behind one interface: consumer threads over the native addon (native-measure.ts, the
// default), and node-rdkafka (rdkafka-measure.ts, one JavaScript object per record, about 10x slower),
// which LOADGEN_CONSUME_MODE=flowing|batch selects for the latency benchmark's comparison.
import type Kafka from 'node-rdkafka';
import type { MeasureOptions, Measurement } from './measurement.js';
import { startNativeMeasure } from './native-measure.js';
import { startRdkafkaMeasure } from './rdkafka-measure.js';


export function startMeasure(kafka: Pick<typeof Kafka, 'KafkaConsumer'>, options: MeasureOptions): Promise<Measurement> {
  const mode = process.env['LOADGEN_CONSUME_MODE'];
  return mode === 'flowing' || mode === 'batch' ? startRdkafkaMeasure(kafka, options) : startNativeMeasure(options);
}
