import { COMPOSE_QUEUE, MAINTENANCE_QUEUE } from "@ib/queue";
import { Worker } from "bullmq";
import type { WorkerDeps } from "./deps";
import type { Logger } from "./logger";
import { createDispatcher } from "./processors/registry";
import { traceRuns } from "./processors/traced";

/**
 * The BullMQ Workers: one on the compose queue (WORKER_CONCURRENCY), paused while composer's
 * circuit breaker is open, and one on the maintenance queue (1).
 */
export function startWorkers(deps: WorkerDeps, log: Logger): Worker[] {
  const { env } = deps;
  const processor = createDispatcher(deps.context);
  const common = {
    connection: deps.workerConnection,
    prefix: deps.prefix,
    lockDuration: env.JOB_LOCK_MS,
    stalledInterval: env.STALLED_INTERVAL_MS,
    maxStalledCount: env.MAX_STALLED_COUNT,
  };
  const composeWorker = new Worker(COMPOSE_QUEUE, traceRuns(COMPOSE_QUEUE, processor), { ...common, concurrency: env.WORKER_CONCURRENCY });
  const workers = [composeWorker, new Worker(MAINTENANCE_QUEUE, traceRuns(MAINTENANCE_QUEUE, processor), { ...common, concurrency: 1 })];
  // While composer's breaker is open this process takes no compose job: they wait in Redis,
  // untouched, instead of waking up only to be parked again. Jobs already running finish.
  deps.composerBreaker.onChange((open) => void (open ? composeWorker.pause(true) : composeWorker.resume()));
  for (const worker of workers) {
    const queue = worker.name;
    worker.on("error", (err) => log.error({ queue, err: err.message }, "worker error"));
    worker.on("failed", (job, err) => {
      log.warn({ queue, jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: err.message }, "job failed");
    });
    worker.on("stalled", (jobId) => log.warn({ queue, jobId }, "job stalled: its worker stopped renewing the lock; it runs again"));
  }
  return workers;
}
