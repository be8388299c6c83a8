// `--log-format json`: what a run tells people, as one JSON object per line (pino), each with the run id, a
// level and an ISO time, for log shippers and `jq`. The human view stays as it is with `--log-format text`:
// the progress line, notices and the end-of-run table. Errors keep their one-line form on stderr either way,
// so the JSON lines on stdout are all JSON.
import { pino, type Logger } from 'pino';
import type { ProgressSample } from '../engine/monitor.js';

/**
 * A JSON-lines logger for one run, writing each line to `write` (stdout in the CLI, an array in tests); a
 * measuring consumer that waits to adopt the first run it sees has no run id yet (its summary names it).
 */
export function jsonRunLog(runId: string | null, write: (line: string) => void): Logger {
  return pino(
    { base: runId === null ? {} : { run_id: runId }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) },
  );
}

/** A progress sample as log fields: snake_case, as in summary.json and progress.ndjson's meaning. */
export function progressFields(p: ProgressSample): Record<string, unknown> {
  return {
    t: p.t, target_rate: p.targetRate, acked_rate: p.ackedRate, acked: p.acked, failed: p.failed, in_flight: p.inFlight,
    publish_delay_p99_ms: p.publishDelayP99, ack_p99_ms: p.ackP99, saturated: p.saturated, ...(p.brokerError ? { broker_error: p.brokerError } : {}),
    ...(p.host ? { host_busy_percent: p.host.busyPercent, host_steal_percent: p.host.stealPercent, host_cores: p.host.cores } : {}),
  };
}
