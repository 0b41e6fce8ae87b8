import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import { megabytes, MemoryWatch } from "@ib/testkit";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities } from "../fixtures";
import { startInProcessApi } from "../in-process-api";
import { runCount } from "../load/closed-loop";
import { memoryNote } from "../memory-note";
import { repoRoot } from "../run";
import type { Scenario } from "./types";

/** Longest wait for composer to hold every build. */
const SUBMIT_WAIT_MS = 300_000;

/**
 * The worker's memory with `--in-flight` (20,000) builds in flight: the composes are created,
 * one worker process (default settings) submits them all to the simulator, whose builds take
 * their real time (minutes), so every one is polled on the worker's schedule; resident memory
 * is then watched for the measured duration. The peak covers the submissions too.
 */
export const workerMemory: Scenario = {
  id: "worker-memory",
  title: "worker memory with builds in flight",
  async run(run) {
    const total = run.options.inFlight;
    const name = `worker RSS, ${total.toLocaleString("en-US")} builds in flight`;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("workermem");
    const sim = await stack.startSimulator({ TIME_SCALE: "1", LATENCY_MS: "0" });
    const worker = await stack.startWorker(sim);
    const memory = new MemoryWatch(worker.pid, 500).start();
    const api = await startInProcessApi(run, {
      databaseUrl: stack.databaseUrl,
      queuePrefix: stack.queuePrefix,
      catalogDir,
      logName: "workermem-producer",
    });
    try {
      const request = api.parseRequest(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir))));
      const identities = postIdentities();
      await runCount((i) => api.createCompose(identities[i % identities.length]!, request), total, 32);
      const start = performance.now();
      let submitted = 0;
      while (submitted < total && performance.now() - start < SUBMIT_WAIT_MS) {
        await sleep(1_000);
        const [row] = await api.deps.db.sql<{ n: number }[]>`select count(*)::int as n from composes where composer_id is not null`;
        submitted = row?.n ?? 0;
      }
      const submitSeconds = (performance.now() - start) / 1000;
      await sleep(run.options.durationSeconds * 1000);
      const figures = memory.stop();
      return [
        {
          name,
          notes: [
            memoryNote("worker", figures),
            `${submitted}/${total} at composer after ${submitSeconds.toFixed(0)} s, then ${run.options.durationSeconds} s of polling`,
            `simulator RSS ${megabytes(sim.app.rssBytes())}`,
          ],
        },
      ];
    } finally {
      await api.close();
    }
  },
};
