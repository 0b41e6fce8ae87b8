import pino, { type Logger } from "pino";

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
 * shutdown and on a fatal error.
 */
export function createLogger(level: string, name = "image-builder-api"): ApiLogger {
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    logger,
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Nothing buffered yet, or stdout already closed.
      }
    },
  };
}
