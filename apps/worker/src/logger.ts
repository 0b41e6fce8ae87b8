import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, name = "image-builder-worker"): Logger {
  return pino({
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
