import { jobNames, maintenanceJobOptions, schedulerIds } from "@ib/queue";
import type { Queue } from "bullmq";
import type { WorkerEnv } from "./env";
import type { Logger } from "./logger";

interface SchedulerSpec {
  id: string;
  name: string;
  every: number;
}

function specs(env: WorkerEnv): SchedulerSpec[] {
  return [
    { id: schedulerIds.reconcile, name: jobNames.composesReconcile, every: env.RECONCILE_INTERVAL_MS },
    { id: schedulerIds.retention, name: jobNames.composesRetention, every: env.RETENTION_INTERVAL_MS },
  ];
}

/**
 * Creates the reconcile and retention job schedulers when they are missing or differ. Schedulers
 * live in Redis: a lost Redis loses them, so every worker checks again every SCHEDULER_CHECK_MS.
 * Upserting the same id from many workers leaves one scheduler.
 */
export async function ensureSchedulers(queue: Queue, env: WorkerEnv, log: Logger): Promise<void> {
  for (const spec of specs(env)) {
    const existing = await queue.getJobScheduler(spec.id);
    if (existing && existing.every === spec.every && existing.name === spec.name) continue;
    await queue.upsertJobScheduler(spec.id, { every: spec.every }, { name: spec.name, data: {}, opts: maintenanceJobOptions });
    log.info({ scheduler: spec.id, every: spec.every }, existing ? "job scheduler updated" : "job scheduler created");
  }
}

/** Keeps the schedulers in place until stopped. */
export function keepSchedulers(queue: Queue, env: WorkerEnv, log: Logger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ensureSchedulers(queue, env, log)
      .catch((err: Error) => log.warn({ err: err.message }, "could not check the job schedulers"))
      .finally(() => {
        running = false;
      });
  }, env.SCHEDULER_CHECK_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
