// The raw producer's result objects (native/src/result_area.h), read back into the typed results the rest of
// loadgen uses (ProduceResult, PollResult). The addon hands back the same object from every call of a method
// and writes its numbers and typed arrays over in place: a result built afresh per call (an object, ten
// named properties, up to seven typed arrays with an ArrayBuffer each) cost 9-15 us of CPU, an empty one
// included, and a producer thread pacing a chunk makes hundreds of calls a second. Here each call costs one
// small object and a view per per-record array.
//
// So a result's typed arrays are views of the producer's buffers: read them before the next call of the same
// method on the same producer (every caller does: it records them at once), copy them to keep them, and never
// transfer them to another thread (the addon keeps writing into them).
import type { FailureTally, PollArea, PollResult, ProduceArea, ProduceResult, ProduceStatus } from './native-addon.js';

/** The indexes of ProduceArea.scalars (native/src/producer_wrap.cc: ProduceScalar, in the same order). */
const ProduceScalar = { status: 0, nextRecord: 1, nextOffset: 2, dueUs: 3, queued: 4, inFlight: 5, failed: 6, consumed: 7 } as const;

/** The indexes of PollArea.scalars (native/src/producer_wrap.cc: PollScalar). */
const PollScalar = { acked: 0, nowUs: 1, inFlight: 2, failed: 3 } as const;

/** The native ProduceStatus, by its number (native/src/producer_core.h). */
const STATUSES: readonly ProduceStatus[] = ['done', 'not_due', 'queue_full', 'limit'];

/** What `failures` is while a call has none: the addon leaves its last reasons in the object. */
const NO_FAILURES: FailureTally['failures'] = Object.freeze({});

export function produceResultOf(area: ProduceArea): ProduceResult {
  const s = area.scalars;
  const status = STATUSES[s[ProduceScalar.status] as number] as ProduceStatus;
  const consumed = s[ProduceScalar.consumed] as number;
  const failed = s[ProduceScalar.failed] as number;
  return {
    status,
    next: { record: s[ProduceScalar.nextRecord] as number, offset: s[ProduceScalar.nextOffset] as number },
    dueUs: status === 'not_due' ? (s[ProduceScalar.dueUs] as number) : null,
    queued: s[ProduceScalar.queued] as number,
    topic: area.topic.subarray(0, consumed),
    publishDelayUs: area.publishDelayUs.subarray(0, consumed),
    failed,
    failedByTopic: area.failedByTopic,
    failures: failed > 0 && area.failures !== null ? area.failures : NO_FAILURES,
    inFlight: s[ProduceScalar.inFlight] as number,
  };
}

export function pollResultOf(area: PollArea): PollResult {
  const s = area.scalars;
  const acked = s[PollScalar.acked] as number;
  const failed = s[PollScalar.failed] as number;
  return {
    acked,
    nowUs: s[PollScalar.nowUs] as number,
    slot: area.slot.subarray(0, acked),
    topic: area.topic.subarray(0, acked),
    ackUs: area.ackUs.subarray(0, acked),
    ackUncorrectedUs: area.ackUncorrectedUs.subarray(0, acked),
    ackedByTopic: area.ackedByTopic,
    ackedBytesByTopic: area.ackedBytesByTopic,
    failed,
    failedByTopic: area.failedByTopic,
    failures: failed > 0 && area.failures !== null ? area.failures : NO_FAILURES,
    inFlight: s[PollScalar.inFlight] as number,
    lastError: area.lastError,
    fatal: area.fatal,
  };
}
