import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import { createRedisConnection } from "@ib/queue";
import { sleep } from "../env/child-app";
import { deleteQueueKeys } from "../env/queue-keys";
import { chooseComposeTarget, composeRequestBody, postIdentities } from "../fixtures";
import { startInProcessApi } from "../in-process-api";
import { runCount } from "../load/closed-loop";
import { repoRoot } from "../run";
import type { ResultRow, Scenario } from "./types";
import { terminalCounts } from "./worker-lifecycles";

const NAME = "reconciler catch-up after Redis lost every job";

/** The sweep's timings for this scenario (production: 60 s and 120 s). */
const SWEEP = { RECONCILE_INTERVAL_MS: "1000", RECONCILE_STALE_MS: "2000", POLL_MAX_MS: "1000", SCHEDULER_CHECK_MS: "1000" };

/**
 * How long the reconciler takes to rebuild a lost queue, with one worker running throughout.
 * `lifecycles` composes are accepted while the compose queue is paused; then every key under the
 * queue prefix is deleted (as a flush or a Redis restarted empty leaves it) and the queue paused
 * again at once, so that restored jobs wait: the catch-up is the time from the loss until every
 * compose has its job back. A row becomes restorable RECONCILE_STALE_MS after its last write (a
 * sweep that found its job live counts as one) and is restored by the next sweep,
 * RECONCILE_BATCH x RECONCILE_MAX_BATCHES per sweep: the bound is RECONCILE_STALE_MS +
 * RECONCILE_INTERVAL_MS plus the restores. The queue is then released and every compose must end.
 */
export const reconcileCatchup: Scenario = {
  id: "reconcile-catchup",
  title: NAME,
  async run(run) {
    const total = run.options.lifecycles;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("catchup");
    const sim = await stack.startSimulator({ TIME_SCALE: "0", LATENCY_MS: "0", PENDING_SECONDS: "0" });
    await stack.startWorker(sim, "worker", SWEEP);
    const api = await startInProcessApi(run, { databaseUrl: stack.databaseUrl, queuePrefix: stack.queuePrefix, catalogDir, logName: "catchup-producer" });
    const redis = createRedisConnection(run.options.redisUrl, "producer", "image-builder-bench-catchup");
    const queue = api.deps.producer.queue;
    try {
      const request = api.parseRequest(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir))));
      const identities = postIdentities();
      await queue.pause();
      await runCount((i) => api.createCompose(identities[i % identities.length]!, request), total, 32);
      const lossAt = performance.now();
      const deleted = await deleteQueueKeys(redis, stack.queuePrefix);
      await queue.pause();
      run.log(`deleted ${deleted} Redis keys; waiting for the sweeps to restore ${total} jobs`);
      await until(`${total} jobs restored`, 120, () => queue.getJobCounts("wait", "prioritized"), (c) => (c.wait ?? 0) + (c.prioritized ?? 0) >= total);
      const catchup = (performance.now() - lossAt) / 1000;
      await queue.resume();
      // Building is the worker's own pace (see worker-lifecycles), not what this measures.
      await until("every compose ended", 120 + total / 20, () => terminalCounts(api.deps.db.sql), (c) => c.success + c.failure >= total);
      const built = (performance.now() - lossAt) / 1000;
      return [
        {
          name: `${NAME}, ${total} composes`,
          rate: total / catchup,
          unit: "restores/s",
          notes: [
            `every job back ${catchup.toFixed(1)} s after the loss (bound ${(Number(SWEEP.RECONCILE_STALE_MS) + Number(SWEEP.RECONCILE_INTERVAL_MS)) / 1000} s + restores)`,
            `all built ${built.toFixed(1)} s after it`,
          ],
        } satisfies ResultRow,
      ];
    } finally {
      redis.disconnect();
      await api.close();
    }
  },
};

/** Polls `read` until `done`, for at most `seconds`; answers the last reading. */
async function until<T>(what: string, seconds: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${seconds} s (${JSON.stringify(value)})`);
    await sleep(100);
  }
}
