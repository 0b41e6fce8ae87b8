import { traceLogFields } from "@ib/telemetry";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export interface ApiLogger {
  logger: Logger;
  /** Writes out what is still buffered; call before the process exits. */
  flush(): void;
}

/**
 * JSON lines on stdout, written asynchronously: while one write is in flight the next lines
 * gather in a buffer and go out together, so a busy API makes far fewer system calls than
 * lines, and an idle one still writes each line at once. `flush` drains the buffer at
 * shutdown and on a fatal error. Lines written inside a span carry its trace_id and span_id.
 * `destination` replaces stdout (tests).
 */
export function createLogger(
  level: string,
  name = "image-builder-api",
  destination: DestinationStream & { flushSync?(): void } = pino.destination({ dest: 1, sync: false }),
): ApiLogger {
  const logger = pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceLogFields,
    },
    destination,
  );
  return {
    logger,
    flush: () => {
      try {
        destination.flushSync?.();
      } catch {
        // Nothing buffered yet, or stdout already closed.
      }
    },
  };
}
