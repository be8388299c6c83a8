// Every error loadgen shows a user is made here, so wording and exit codes stay consistent.
// The CLI prints `loadgen: <message>` on one line and exits with `exitCode`; never a stack trace.

export const ExitCode = {
  ok: 0,
  /** The run or command failed: broker unreachable, Kafka refused, data could not be delivered. */
  failure: 1,
  /** The user's input is wrong: a flag, a value, a file. Nothing was sent. */
  usage: 2,
  /** The run completed but an --assert threshold failed (k6 uses the same code). */
  thresholds: 99,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class LoadgenError extends Error {
  override readonly name = 'LoadgenError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The message of anything thrown (librdkafka errors are plain objects with a message). */
export function describe(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) return String(err.message);
  return String(err);
}

export function isLoadgenError(value: unknown): value is LoadgenError {
  return value instanceof LoadgenError;
}

export const errors = {
  /** A flag's value cannot be used. `flag` is spelled as the user typed it, e.g. `--partitions`. */
  invalidOption(flag: string, value: unknown, expected: string): LoadgenError {
    return new LoadgenError(`invalid value for ${flag}: ${JSON.stringify(value)} (expected ${expected})`, ExitCode.usage);
  },
  usage(message: string): LoadgenError {
    return new LoadgenError(message, ExitCode.usage);
  },
  brokerUnreachable(brokers: string, timeoutMs: number, detail: string): LoadgenError {
    return new LoadgenError(
      `cannot reach Kafka at ${brokers} within ${timeoutMs} ms (${detail}); is the broker up? (make up)`,
      ExitCode.failure,
    );
  },
  /**
   * A connection failed. When the client's own last error says why (authentication, TLS), that is the message;
   * otherwise the cluster is unreachable.
   */
  connectFailed(brokers: string, timeoutMs: number, err: unknown, clientError: string | null): LoadgenError {
    // librdkafka reports why a connection was refused in its log ("...bootstrap: SASL authentication error: ..."):
    // keep the reason, not the thread and broker prefix.
    clientError = clientError?.slice(Math.max(0, clientError.search(/\b(SASL|SSL)\b/))) ?? null;
    if (clientError && /authenticat|SASL|SSL|certificate|handshake/i.test(clientError)) {
      return new LoadgenError(`cannot connect to Kafka at ${brokers}: ${clientError}; check the security properties (-X security.protocol, sasl.*, ssl.*)`, ExitCode.failure);
    }
    return errors.brokerUnreachable(brokers, timeoutMs, describe(err));
  },
  /** The generator made events that fail their own schemas: a bug in loadgen or the scenario, never sent. */
  generation(detail: string): LoadgenError {
    return new LoadgenError(detail, ExitCode.failure);
  },
  /**
   * A results file or directory could not be written after the run had started (the disk filled, permissions
   * changed). Not bad input: the run's figures are still printed, and the exit code is 1.
   */
  resultsUnwritable(path: string, err: unknown): LoadgenError {
    return new LoadgenError(`cannot write ${path} (${describe(err)})`, ExitCode.failure);
  },
  kafka(operation: string, detail: string): LoadgenError {
    return new LoadgenError(`${operation} failed: ${detail}`, ExitCode.failure);
  },
};
