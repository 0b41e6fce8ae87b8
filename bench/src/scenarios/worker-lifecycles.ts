import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import type { DbHandle } from "@ib/db";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities } from "../fixtures";
import { type InProcessApi, startInProcessApi } from "../in-process-api";
import { runCount } from "../load/closed-loop";
import { repoRoot } from "../run";
import type { ResultRow, Scenario } from "./types";

const NAME = "worker lifecycles (simulator, zero latency)";

/**
 * How many composes per second one worker process takes from `pending` to `success` (submit,
 * poll, metadata) when composer answers at once and builds take no time: the worker's own cost.
 * The composes are queued while the queue is paused, then released at once. The first batch
 * meets a worker that just started (compiling its hot code, opening its connections); with a
 * warm-up (`--warmup` > 0) a second batch of the same size then measures the worker as it runs
 * once warm, and both figures are reported.
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
      const request = api.parseRequest(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir))));
      const cold = await runBatch(api, request, total, 0);
      if (run.options.warmupSeconds <= 0) return [row(NAME, cold)];
      const warm = await runBatch(api, request, total, cold.finished);
      return [row(`${NAME}, worker just started`, cold), row(`${NAME}, warm worker`, warm)];
    } finally {
      await api.close();
    }
  },
};

interface BatchResult {
  total: number;
  /** Composes ended (success or failure) since the batch was released. */
  done: number;
  failed: number;
  seconds: number;
  /** Composes ended in the whole database once the batch is over. */
  finished: number;
}

/** Queues `total` composes on the paused queue, releases them and times until they all ended. */
async function runBatch(
  api: InProcessApi,
  request: ReturnType<InProcessApi["parseRequest"]>,
  total: number,
  endedBefore: number,
): Promise<BatchResult> {
  const queue = api.deps.producer.queue;
  const identities = postIdentities();
  const failedBefore = (await terminalCounts(api.deps.db.sql)).failure;
  await queue.pause();
  await runCount((i) => api.createCompose(identities[i % identities.length]!, request), total, 32);
  const start = performance.now();
  await queue.resume();
  const deadline = start + Math.max(60_000, total * 50);
  let counts = await terminalCounts(api.deps.db.sql);
  while (counts.success + counts.failure - endedBefore < total && performance.now() < deadline) {
    await sleep(100);
    counts = await terminalCounts(api.deps.db.sql);
  }
  const finished = counts.success + counts.failure;
  return {
    total,
    done: finished - endedBefore,
    failed: counts.failure - failedBefore,
    seconds: (performance.now() - start) / 1000,
    finished,
  };
}

function row(name: string, batch: BatchResult): ResultRow {
  return {
    name,
    rate: batch.done / batch.seconds,
    unit: "lifecycles/s",
    errors: batch.failed,
    notes: [`${batch.done}/${batch.total} finished in ${batch.seconds.toFixed(1)} s`, ...(batch.done < batch.total ? ["timed out"] : [])],
  };
}

/** Composes that ended, by outcome, in the whole database. */
export async function terminalCounts(sql: DbHandle["sql"]) {
  const [row] = await sql<{ success: number; failure: number }[]>`
    select count(*) filter (where status = 'success')::int as success,
           count(*) filter (where status = 'failure')::int as failure
    from composes`;
  return row!;
}
