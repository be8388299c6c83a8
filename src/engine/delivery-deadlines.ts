// How long a run waits for delivery reports, and what it calls the records it stops waiting for. Shared by
// the coordinator (which notices a stalled cluster) and the producer threads (which flush and abandon).
//
// librdkafka does not time out queued records while every broker is down (measured with node-rdkafka 3.6:
// message.timeout.ms=3000, broker killed, no delivery report in 12 s), so a run cannot wait for the client
// to give up. When records are in flight and none has settled for message.timeout.ms plus STALL_GRACE_MS,
// the run stops sending and counts what is in flight as failed.

export const STALL_GRACE_MS = 5_000;

/** The failure reason of records still unreported when the final flush's deadline passed. */
export const SHUTDOWN_REASON = 'not delivered before shutdown';

/** message.timeout.ms as configured (PRODUCER_DEFAULTS sets 30 s, which a run always has). */
export function messageTimeoutMs(properties: Readonly<Record<string, string>>): number {
  return Number(properties['message.timeout.ms'] ?? 30_000);
}

/** How long without a settled record (while some are in flight) means the cluster stopped answering. */
export function stallLimitMs(properties: Readonly<Record<string, string>>): number {
  return messageTimeoutMs(properties) + STALL_GRACE_MS;
}

/** The failure reason of records in flight when the run aborted on a stalled cluster. */
export function stallReason(properties: Readonly<Record<string, string>>): string {
  return `no delivery report for ${stallLimitMs(properties) / 1000} s: the cluster stopped answering`;
}
