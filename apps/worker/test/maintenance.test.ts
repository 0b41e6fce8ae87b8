import { randomUUID } from "node:crypto";
import { composes, eq, sql } from "@ib/db";
import { ComposerError } from "@ib/core/composer";
import {
  composeBuildPayload,
  createMaintenanceQueue,
  createRedisConnection,
  closeRedisConnection,
  jobNames,
  pollStepPriority,
  schedulerIds,
} from "@ib/queue";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseWorkerEnv } from "../src/env";
import type { JobRun, WorkerContext } from "../src/processors/context";
import { reconcileProcessor } from "../src/processors/reconcile";
import { retentionProcessor } from "../src/processors/retention";
import { ensureSchedulers } from "../src/schedulers";
import { inProcessEnv, startInProcessWorker, type InProcessWorker } from "./support/in-process";
import { deleteQueueKeys } from "./support/redis-keys";
import { redisUrl } from "./support/stack";
import { waitFor } from "./support/wait";

let w: InProcessWorker;
beforeEach(async () => {
  w = await startInProcessWorker();
});
afterEach(async () => {
  await w?.close();
});

const log = pino({ level: "silent" });
function run<T>(data: T): JobRun<T> {
  return { job: undefined as never, data, log };
}
function withEnv(overrides: Record<string, string>): WorkerContext {
  return { ...w.ctx, env: parseWorkerEnv({ ...inProcessEnv, ...overrides }) };
}
const reconcile = (ctx: WorkerContext = w.ctx) => reconcileProcessor.process(run({}), ctx) as Promise<Record<string, number>>;

describe("reconciler", () => {
  it("adds a job for a stale pending compose nobody enqueued, at the submit step", async () => {
    const id = await w.insertCompose({ idleMs: 5_000 });
    const fresh = await w.insertCompose();
    const summary = await reconcile();
    expect(summary).toMatchObject({ requeued_submit: 1, requeued_poll: 0 });
    const job = await w.queue.getJob(id);
    expect(job?.name).toBe(jobNames.composeBuild);
    expect(job?.data).toMatchObject({ composeId: id, step: "submit" });
    expect(await w.queue.getJob(fresh)).toBeUndefined();
  });

  it("restores polling for a submitted compose whose job is gone", async () => {
    const composerId = randomUUID();
    const id = await w.insertCompose({ status: "building", composerId, submittedAt: new Date(), idleMs: 5_000 });
    expect(await reconcile()).toMatchObject({ requeued_poll: 1 });
    const job = await w.queue.getJob(id);
    expect(job?.data).toMatchObject({ composeId: id, step: "poll", composerId });
    // Behind new submissions, as every build's polls are.
    expect(Number(job?.priority)).toBe(pollStepPriority);
  });

  it("keeps a live job, replaces one that ended while its compose is still in flight", async () => {
    const waiting = await w.insertCompose({ idleMs: 5_000 });
    await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId: waiting }), { jobId: waiting, delay: 60_000 });
    // A job that ended (here: failed for good) while its compose is still in flight.
    const orphaned = await w.insertCompose({ idleMs: 5_000, composerId: randomUUID(), status: "building" });
    await w.queue.add(jobNames.composeBuild, { composeId: orphaned, step: "poll" }, { jobId: orphaned, attempts: 1 });
    const worker = w.startWorker(1);
    await waitFor("the job to fail", async () => (await w.queue.getJobState(orphaned)) === "failed", 5_000, 20);
    await worker.close();
    await w.db.db.update(composes).set({ updatedAt: sql`now() - interval '5 seconds'` }).where(eq(composes.id, orphaned));

    const summary = await reconcile();
    expect(summary.kept).toBe(1);
    expect(await w.queue.getJobState(waiting)).toBe("delayed");
    expect(summary.replaced_finished_job).toBe(1);
    // Waiting, behind new submissions (BullMQ calls a waiting job with a priority "prioritized").
    expect(await w.queue.getJobState(orphaned)).toBe("prioritized");
    expect((await w.queue.getJob(orphaned))?.data).toMatchObject({ step: "poll", composerId: expect.any(String) });
  });

  it("replaces the remnant of a job whose keys Redis lost while a step was writing to it", async () => {
    const composerId = randomUUID();
    const id = await w.insertCompose({ status: "building", composerId, submittedAt: new Date(), idleMs: 5_000 });
    // What a step writes into a job hash that no longer exists: a few fields, no name, no state.
    const redis = createRedisConnection(redisUrl, "worker", "remnant-test");
    try {
      await redis.hset(`${w.prefix}:composes:${id}`, { processedOn: Date.now(), ats: 1 });
    } finally {
      await closeRedisConnection(redis);
    }
    expect(await w.queue.getJobState(id)).toBe("unknown");
    expect(await reconcile()).toMatchObject({ requeued_poll: 1 });
    expect(await w.queue.getJobState(id)).toBe("prioritized");
    expect(await w.queue.getJob(id)).toMatchObject({ name: jobNames.composeBuild, data: { composeId: id, step: "poll", composerId } });
  });

  it("fails composes in flight beyond the ceiling and leaves finished ones alone", async () => {
    const stuck = await w.insertCompose({ status: "building", composerId: randomUUID(), ageMs: 7_200_000, idleMs: 10 });
    const done = await w.insertCompose({ status: "success", ageMs: 7_200_000 });
    const summary = await reconcile(withEnv({ COMPOSE_CEILING_MS: "3600000" }));
    expect(summary.timedOut).toBe(1);
    expect(await w.readCompose(stuck)).toMatchObject({ status: "failure", error: { id: 1104, reason: "The compose did not finish within 1 hours" } });
    expect((await w.readCompose(done))?.status).toBe("success");
  });

  it("is bounded per run and picks up the rest next time", async () => {
    for (let i = 0; i < 7; i++) await w.insertCompose({ idleMs: 5_000 + i });
    const ctx = withEnv({ RECONCILE_BATCH: "2", RECONCILE_MAX_BATCHES: "2" });
    expect(await reconcile(ctx)).toMatchObject({ examined: 4, requeued_submit: 4 });
    // The examined ones are marked checked: the next run moves on to the other three.
    const second = await reconcile(ctx);
    expect(second).toMatchObject({ examined: 3, requeued_submit: 3, kept: 0 });
    expect(await w.queue.count()).toBe(7);
  });

  it("overlapping runs add each job once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await w.insertCompose({ idleMs: 5_000 }));
    const runs = await Promise.all([reconcile(), reconcile(), reconcile()]);
    const requeued = runs.reduce((n, r) => n + r.requeued_submit!, 0);
    expect(requeued).toBeGreaterThanOrEqual(30);
    expect(await w.queue.count()).toBe(30);
    for (const id of ids) expect((await w.queue.getJob(id))?.id).toBe(id);
  });
});

describe("reconciler and cancelled builds", () => {
  it("deletes at composer the cancelled builds a cancel job did not finish, once they are stale, and only those", async () => {
    const [stale, gone, refusedOnce, young] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const cancelled = (composerId: string | null, ms: number) =>
      w.insertCompose({ status: "failure", composerId, cancelledAt: sql`now() - (${ms}::int * interval '1 millisecond')` as never });
    const ids = {
      stale: await cancelled(stale, 5_000),
      gone: await cancelled(gone, 5_000),
      refusedOnce: await cancelled(refusedOnce, 5_000),
      young: await cancelled(young, 0),
      notSubmitted: await cancelled(null, 5_000),
    };
    const order: string[] = [];
    let refusals = 0;
    const original = w.composer.deleteCompose.bind(w.composer);
    w.composer.deleteCompose = async (composerId: string) => {
      order.push(composerId);
      if (composerId === gone) throw new ComposerError("permanent", "compose not found", 404);
      if (composerId === refusedOnce && refusals++ === 0) throw new ComposerError("retryable", "unavailable", 503);
      return original(composerId);
    };

    expect(await reconcile()).toMatchObject({ deletedCancelled: 2 });
    expect(new Set(order)).toEqual(new Set([stale, gone, refusedOnce]));
    expect((await w.readCompose(ids.stale))?.composerDeletedAt).toBeInstanceOf(Date);
    expect((await w.readCompose(ids.gone))?.composerDeletedAt).toBeInstanceOf(Date);
    expect((await w.readCompose(ids.refusedOnce))?.composerDeletedAt).toBeNull();
    expect((await w.readCompose(ids.young))?.composerDeletedAt).toBeNull();
    expect((await w.readCompose(ids.notSubmitted))?.composerDeletedAt).toBeNull();

    // The next run tries the one composer could not delete, and nothing done again.
    order.length = 0;
    expect(await reconcile()).toMatchObject({ deletedCancelled: 1 });
    expect(order).toEqual([refusedOnce]);
    expect((await w.readCompose(ids.refusedOnce))?.composerDeletedAt).toBeInstanceOf(Date);
  });
});

describe("retention", () => {
  it("hard-deletes composes older than RETENTION_MONTHS, and only those", async () => {
    const month = 31 * 86_400_000;
    const old = await w.insertCompose({ ageMs: 4 * month, status: "success" });
    const young = await w.insertCompose({ ageMs: 2 * month, status: "success" });
    const summary = await retentionProcessor.process(run({}), withEnv({ RETENTION_MONTHS: "3", RETENTION_BATCH: "1" }));
    expect(summary).toEqual({ deleted: 1, idempotencyKeys: 0 });
    expect(await w.readCompose(old)).toBeUndefined();
    expect(await w.readCompose(young)).toBeDefined();
  });

  it("removes idempotency keys past their 24 hours, and only those", async () => {
    const org = `org-${randomUUID().slice(0, 8)}`;
    for (const [key, age] of [["old-1", "25 hours"], ["old-2", "3 days"], ["young", "23 hours"]]) {
      await w.db.db.execute(sql`
        insert into idempotency_keys (org_id, key, fingerprint, token, state, created_at)
        values (${org}, ${key}, 'f', gen_random_uuid(), 'completed', now() - ${age}::interval)`);
    }
    const summary = await retentionProcessor.process(run({}), withEnv({ RETENTION_BATCH: "1" }));
    expect(summary).toMatchObject({ idempotencyKeys: 2 });
    const left = await w.db.db.execute<{ key: string }>(sql`select key from idempotency_keys where org_id = ${org}`);
    expect(left.map((r) => r.key)).toEqual(["young"]);
  });

  it("takes upstream's DB_COMPOSES_RETENTION_MONTHS, default 24", () => {
    expect(parseWorkerEnv({ ...inProcessEnv }).retentionMonths).toBe(24);
    expect(parseWorkerEnv({ ...inProcessEnv, DB_COMPOSES_RETENTION_MONTHS: "6" }).retentionMonths).toBe(6);
    expect(parseWorkerEnv({ ...inProcessEnv, DB_COMPOSES_RETENTION_MONTHS: "6", RETENTION_MONTHS: "12" }).retentionMonths).toBe(12);
  });
});

describe("job schedulers", () => {
  it("creates the reconcile and retention schedulers once, and again after Redis lost them", async () => {
    const prefix = `{wsched-${randomUUID().slice(0, 8)}}`;
    const connection = createRedisConnection(redisUrl, "worker", "sched-test");
    const queue = createMaintenanceQueue(connection, prefix);
    try {
      const env = parseWorkerEnv({ ...inProcessEnv, RECONCILE_INTERVAL_MS: "5000", RETENTION_INTERVAL_MS: "3600000" });
      await ensureSchedulers(queue, env, log);
      await ensureSchedulers(queue, env, log);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.name, s.every]).sort()).toEqual([
        [schedulerIds.reconcile, jobNames.composesReconcile, 5000],
        [schedulerIds.retention, jobNames.composesRetention, 3600000],
      ]);
      expect(await queue.getJobSchedulersCount()).toBe(2);

      await deleteQueueKeys(redisUrl, prefix);
      expect(await queue.getJobSchedulersCount()).toBe(0);
      await ensureSchedulers(queue, env, log);
      expect(await queue.getJobSchedulersCount()).toBe(2);
    } finally {
      await queue.close();
      await closeRedisConnection(connection);
      await deleteQueueKeys(redisUrl, prefix);
    }
  });

  it("restores a scheduler whose next run was lost while the scheduler itself stayed (a partial loss of keys)", async () => {
    const prefix = `{wsched-${randomUUID().slice(0, 8)}}`;
    const connection = createRedisConnection(redisUrl, "worker", "sched-test");
    const queue = createMaintenanceQueue(connection, prefix);
    const pendingOf = async (key: string) =>
      (await queue.getJobs(["delayed", "wait", "prioritized", "active"])).filter((j) => j.repeatJobKey === key);
    try {
      const env = parseWorkerEnv({ ...inProcessEnv, RECONCILE_INTERVAL_MS: "3600000", RETENTION_INTERVAL_MS: "3600000" });
      await ensureSchedulers(queue, env, log);
      const [next] = await pendingOf(schedulerIds.reconcile);
      expect(next).toBeDefined();
      // The run is lost, the scheduler is not: nothing would ever run the sweep again.
      const redis = connection;
      await redis.del(queue.toKey(next!.id!));
      await redis.lrem(queue.toKey("wait"), 0, next!.id!);
      await redis.zrem(queue.toKey("delayed"), next!.id!);
      expect(await pendingOf(schedulerIds.reconcile)).toHaveLength(0);
      expect(await queue.getJobScheduler(schedulerIds.reconcile)).toMatchObject({ every: 3600000 });

      await ensureSchedulers(queue, env, log);
      expect(await pendingOf(schedulerIds.reconcile)).toHaveLength(1);
      expect(await pendingOf(schedulerIds.retention)).toHaveLength(1);
      expect(await queue.getJobSchedulersCount()).toBe(2);
      // A scheduler with its run in place is left as it is.
      const ids = (await queue.getJobs(["delayed", "wait"])).map((j) => j.id).sort();
      await ensureSchedulers(queue, env, log);
      expect((await queue.getJobs(["delayed", "wait"])).map((j) => j.id).sort()).toEqual(ids);
    } finally {
      await queue.close();
      await closeRedisConnection(connection);
      await deleteQueueKeys(redisUrl, prefix);
    }
  });
});
