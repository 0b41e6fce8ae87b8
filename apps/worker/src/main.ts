import { startTelemetry } from "@ib/telemetry";
import { loadWorkerEnv } from "./env";
import { closeWorkerDeps, createWorkerDeps, type WorkerDeps } from "./deps";
import { startHealthServer } from "./http/health-server";
import { createLogger } from "./logger";
import { ensureSchedulers, keepSchedulers } from "./schedulers";
import { startWorkers } from "./workers";

const env = loadWorkerEnv();
const log = createLogger(env.LOG_LEVEL);
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
process.on("uncaughtException", (err) => {
  log.fatal({ err }, "uncaught exception");
  process.exit(1);
});

// Before the workers start: with tracing on, each job run and composer call records spans.
const telemetry = await startTelemetry({ serviceName: env.OTEL_SERVICE_NAME, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, log });
if (telemetry.enabled) log.info({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME }, "tracing on");

let deps: WorkerDeps;
try {
  deps = createWorkerDeps(env, log);
} catch (err) {
  log.fatal({ err: (err as Error).message }, "cannot start");
  process.exit(1);
}

let accepting = true;
const health = await startHealthServer({
  host: env.METRICS_HOST,
  port: env.METRICS_PORT,
  metrics: deps.metrics,
  db: deps.db,
  redis: deps.queueConnection,
  accepting: () => accepting,
  log,
});
await ensureSchedulers(deps.maintenanceQueue, env, log).catch((err: Error) =>
  log.warn({ err: err.message }, "could not create the job schedulers yet; retrying in the background"),
);
const schedulers = keepSchedulers(deps.maintenanceQueue, env, log);
const workers = startWorkers(deps, log);
log.info(
  { concurrency: env.WORKER_CONCURRENCY, prefix: deps.prefix, composer: env.COMPOSER_URL, metricsPort: health.port },
  "worker started",
);

let stopping: Promise<void> | undefined;
function shutdown(signal: string): Promise<void> {
  stopping ??= (async () => {
    accepting = false;
    log.info({ signal }, "shutting down: finishing the jobs in hand");
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown deadline passed, exiting; unfinished jobs resume on another worker");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    schedulers.stop();
    await Promise.allSettled(workers.map((w) => w.close()));
    await closeWorkerDeps(deps);
    await telemetry.shutdown().catch((err: Error) => log.warn({ err: err.message }, "tracing: last spans not exported"));
    await health.close();
    log.info("stopped");
    process.exit(0);
  })();
  return stopping;
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
