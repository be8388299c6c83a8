// Holds a librdkafka mock cluster (test.mock.num.brokers) alive for the benchmarks, with the pipeline topics
// created (by producing one record to each), and prints "BOOTSTRAP <servers>" then "READY". It is librdkafka's
// test broker: right for measuring loadgen's own cost and scaling, never a broker's latency.
// Usage: node dist/bench/mock-cluster-holder.js [brokers=3]
import Kafka from 'node-rdkafka';
import { TOPICS } from '../src/events/event-types.js';

const config = { 'test.mock.num.brokers': Number(process.argv[2] ?? 3), event_cb: true, log_level: 6, debug: 'mock' };
const producer = new Kafka.Producer(config as Kafka.ProducerGlobalConfig);
let announced = false;
producer.on('event.log', (log: { fac: string; message: string }) => {
  const servers = /bootstrap\.servers=(\S+)/.exec(log.message)?.[1];
  if (!announced && servers && /MOCK/.test(log.fac)) {
    announced = true;
    console.log(`BOOTSTRAP ${servers}`);
  }
});
producer.connect({}, (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  for (const topic of TOPICS) producer.produce(topic, null, Buffer.from('x'), 'k');
  producer.setPollInterval(10);
  producer.flush(10_000, () => console.log('READY'));
});
// Until the benchmark kills it.
setInterval(() => undefined, 1000);
