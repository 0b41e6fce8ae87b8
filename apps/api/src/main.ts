import { startTelemetry } from "@ib/telemetry";
import { createApp } from "./app";
import { type AppDeps, closeDeps, createDeps } from "./deps";
import { drainHttpServer } from "./drain-server";
import { loadApiEnv } from "./env";
import { createLogger } from "./logger";
import { listen } from "./server";

const env = loadApiEnv();
const { logger, flush: flushLogs } = createLogger(env.LOG_LEVEL);
process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));
process.on("uncaughtException", (err) => {
  logger.fatal({ err }, "uncaught exception");
  flushLogs();
  process.exit(1);
});

// Before the app is built: with tracing on, its middleware and clients record spans.
const telemetry = await startTelemetry({ serviceName: env.OTEL_SERVICE_NAME, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, log: logger });
if (telemetry.enabled) logger.info({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME }, "tracing on");

let deps: AppDeps | undefined;
try {
  deps = createDeps(env, logger);
} catch (err) {
  logger.fatal({ err: String(err) }, "cannot start");
  flushLogs();
  process.exit(1);
}
const app = createApp(deps!);
const server = listen(app, { port: env.port, hostname: env.host, maxHeaderBytes: env.HEADER_LIMIT_BYTES }, (info) => {
  logger.info({ address: info.address, port: info.port }, "api listening");
});

let shuttingDown: Promise<void> | undefined;
function shutdown(signal: string) {
  shuttingDown ??= (async () => {
    logger.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error("shutdown deadline passed, exiting");
      flushLogs();
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    // Handlers finish (a committed compose gets its job) before the queue and the pool close.
    const outcome = await drainHttpServer(server, deps!.drain, {
      graceMs: env.SHUTDOWN_GRACE_MS,
      idleCloseMs: env.SHUTDOWN_IDLE_CLOSE_MS,
      handlerWaitMs: Math.max(0, env.SHUTDOWN_TIMEOUT_MS - env.SHUTDOWN_GRACE_MS - 500),
    });
    if (outcome === "cut") logger.warn({ graceMs: env.SHUTDOWN_GRACE_MS }, "shutdown grace passed: open connections cut");
    await closeDeps(deps!);
    await telemetry.shutdown().catch((err: Error) => logger.warn({ err: err.message }, "tracing: last spans not exported"));
    logger.info({ outcome }, "stopped");
    flushLogs();
    process.exit(outcome === "drained" ? 0 : 1);
  })();
  return shuttingDown;
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
