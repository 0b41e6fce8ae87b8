import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import type { DbHandle } from "@ib/db";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities } from "../fixtures";
import { startInProcessApi } from "../in-process-api";
import { runCount } from "../load/closed-loop";
import { repoRoot } from "../run";
import type { Scenario } from "./types";

const NAME = "worker lifecycles (simulator, zero latency)";

/**
 * How many composes per second one worker process takes from `pending` to `success` (submit,
 * poll, metadata) when composer answers at once and builds take no time: the worker's own cost.
 * The composes are queued while the queue is paused, then released at once.
 */
export const workerLifecycles: Scenario = {
  id: "worker-lifecycles",
  title: NAME,
  async run(run) {
    const total = run.options.lifecycles;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("lifecycles");
    const sim = await stack.startSimulator({ TIME_SCALE: "0", LATENCY_MS: "0", PENDING_SECONDS: "0" });
    await stack.startWorker(sim, "worker", { POLL_INITIAL_MS: "0" });
    const api = await startInProcessApi(run, {
      databaseUrl: stack.databaseUrl,
      queuePrefix: stack.queuePrefix,
      catalogDir,
      logName: "lifecycles-producer",
    });
    try {
      const queue = api.deps.producer.queue;
      const identities = postIdentities();
      const request = api.parseRequest(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir))));
      await queue.pause();
      await runCount((i) => api.createCompose(identities[i % identities.length]!, request), total, 32);
      const start = performance.now();
      await queue.resume();
      const deadline = start + Math.max(60_000, total * 50);
      let counts = await terminalCounts(api.deps.db.sql);
      while (counts.success + counts.failure < total && performance.now() < deadline) {
        await sleep(100);
        counts = await terminalCounts(api.deps.db.sql);
      }
      const seconds = (performance.now() - start) / 1000;
      const done = counts.success + counts.failure;
      return [
        {
          name: NAME,
          rate: done / seconds,
          unit: "lifecycles/s",
          errors: counts.failure,
          notes: [`${done}/${total} finished in ${seconds.toFixed(1)} s`, ...(done < total ? ["timed out"] : [])],
        },
      ];
    } finally {
      await api.close();
    }
  },
};

async function terminalCounts(sql: DbHandle["sql"]) {
  const [row] = await sql<{ success: number; failure: number }[]>`
    select count(*) filter (where status = 'success')::int as success,
           count(*) filter (where status = 'failure')::int as failure
    from composes`;
  return row!;
}
