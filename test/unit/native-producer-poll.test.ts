// poll(0) with nothing to serve returns at once. A deadline already past used to be handed to the kernel,
// which put the thread to sleep for its timer slack before reporting the timeout: a context switch and about
// 60 us of sleep per call, in a loop that calls poll(0) between every slice of generation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mockProducer } from '../support/native.js';

test('poll(0) with nothing to serve does not put the thread to sleep', () => {
  const producer = mockProducer(['native-poll'], [2]);
  try {
    producer.poll(0); // whatever came while connecting
    const before = process.resourceUsage().voluntaryContextSwitches;
    const calls = 2_000;
    for (let i = 0; i < calls; i++) producer.poll(0);
    const switches = process.resourceUsage().voluntaryContextSwitches - before;
    // The process's other threads (librdkafka's, V8's) switch now and then meanwhile; one per call was the bug.
    assert.ok(switches < calls / 4, `${switches} voluntary context switches in ${calls} calls of poll(0)`);
  } finally {
    producer.close();
  }
});

test.run();
