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
 * Creates the reconcile and retention job schedulers when they are missing, differ, or have lost
 * their next run. Schedulers live in Redis: a lost Redis loses them, so every worker checks again
 * every SCHEDULER_CHECK_MS. A partial loss (keys deleted while a sweep ran, a failover that kept
 * some writes) can leave a scheduler without the job of its next run, and then nothing would run
 * the sweep again: such a scheduler is made anew. Upserting the same id from many workers leaves
 * one scheduler. The maintenance queue holds only these jobs, so listing its pending ones is cheap.
 */
export async function ensureSchedulers(queue: Queue, env: WorkerEnv, log: Logger): Promise<void> {
  const pending = new Set((await queue.getJobs(["active", "wait", "delayed", "prioritized"])).map((job) => job.repeatJobKey));
  for (const spec of specs(env)) {
    const existing = await queue.getJobScheduler(spec.id);
    const sameSpec = existing?.every === spec.every && existing.name === spec.name;
    if (existing && sameSpec && pending.has(spec.id)) continue;
    if (existing && !pending.has(spec.id)) await queue.removeJobScheduler(spec.id);
    await queue.upsertJobScheduler(spec.id, { every: spec.every }, { name: spec.name, data: {}, opts: maintenanceJobOptions });
    const what = !existing ? "job scheduler created" : sameSpec ? "job scheduler restored: its next run was lost" : "job scheduler updated";
    log.info({ scheduler: spec.id, every: spec.every }, what);
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
