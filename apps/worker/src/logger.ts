import { traceLogFields } from "@ib/telemetry";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** JSON lines (stdout unless `destination`), with the trace and span ids inside a span. */
export function createLogger(level: string, name = "image-builder-worker", destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: traceLogFields,
  };
  return destination ? pino(options, destination) : pino(options);
}
