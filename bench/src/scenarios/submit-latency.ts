import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import { createDb } from "@ib/db";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities, unlimitedQuotaFile } from "../fixtures";
import { probe, runHttpLoad } from "../load/http-load";
import { repoRoot } from "../run";
import type { Scenario } from "./types";

/**
 * From `POST /compose` to composer: clients post at a fixed rate (below saturation) to an API
 * with a worker and the simulator behind it; for every compose, the time from its row's
 * creation to the worker's claim of the submission (`submitted_at`, taken right before the call
 * to composer, which answers at once here).
 */
export const submitLatency: Scenario = {
  id: "submit-latency",
  title: "POST -> composer submit latency",
  async run(run) {
    const name = `POST -> composer submit @ ${run.options.postRate}/s`;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("submit");
    const sim = await stack.startSimulator({ TIME_SCALE: "0", LATENCY_MS: "0", PENDING_SECONDS: "0" });
    await stack.startWorker(sim);
    const quotaFile = path.join(run.logDir, "submit-quotas.json");
    writeFileSync(quotaFile, unlimitedQuotaFile());
    const api = await stack.startApi("api", { QUOTA_FILE: quotaFile, DISTRIBUTIONS_DIR: catalogDir });

    const identities = postIdentities();
    let n = 0;
    const load = {
      url: api.url,
      method: "POST" as const,
      path: "/api/image-builder/v1/compose",
      headers: { "content-type": "application/json", "x-rh-identity": identities[0]! },
      body: JSON.stringify(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir)))),
      vary: () => ({ headers: { "x-rh-identity": identities[n++ % identities.length]! } }),
      connections: run.options.connections,
      durationSeconds: run.options.durationSeconds,
      overallRate: run.options.postRate,
    };
    const check = await probe(load, 201);
    if (!check.ok) return [{ name, skipped: check.reason }];
    const http = await runHttpLoad(load);

    const db = createDb({ url: stack.databaseUrl, max: 1, applicationName: "bench-submit-latency" });
    try {
      const deadline = performance.now() + 60_000;
      let stats = await submitStats(db.sql);
      while (stats.submitted < stats.total && performance.now() < deadline) {
        await sleep(250);
        stats = await submitStats(db.sql);
      }
      return [
        {
          name,
          rate: http.reqPerSec,
          p50Ms: stats.p50,
          p99Ms: stats.p99,
          non2xx: http.non2xx,
          errors: http.errors,
          notes: [`latency to submit; HTTP p99 ${http.p99Ms} ms`, `${stats.submitted}/${stats.total} submitted`],
        },
      ];
    } finally {
      await db.close();
    }
  },
};

async function submitStats(sql: ReturnType<typeof createDb>["sql"]) {
  const [row] = await sql<{ total: number; submitted: number; p50: number; p99: number }[]>`
    with latency as (
      select composer_id, extract(epoch from (submitted_at - created_at)) * 1000 as ms from composes
    )
    select count(*)::int as total,
           count(composer_id)::int as submitted,
           percentile_cont(0.5) within group (order by ms) filter (where composer_id is not null) as p50,
           percentile_cont(0.99) within group (order by ms) filter (where composer_id is not null) as p99
    from latency`;
  return row!;
}
