import { writeFileSync } from "node:fs";
import path from "node:path";
import { composeRequestBody, postIdentities } from "../fixtures";
import { composePostLoad } from "../load/compose-post-load";
import { probe, runHttpLoad, type HttpLoad, type LoadResult } from "../load/http-load";
import type { Scenario } from "./types";

const TARGET_SHARE = 0.9;
/** ABBA rounds the measured time is split into. */
const ROUNDS = 3;

/**
 * What the per-org rate limiter costs `POST /compose`: the main API (no limits) and a second API
 * on the same database and queue with a `RATE_LIMIT_FILE` whose budgets are never used up, so
 * every request runs the limiter's Redis script and nothing is refused. Measured in the same run,
 * in rounds of unlimited, limited, limited, unlimited (short legs), so a drift of the machine or
 * the database weighs on both alike.
 */
export const rateLimitOverhead: Scenario = {
  id: "rate-limit-overhead",
  title: "POST /compose with the rate limiter vs without",
  async run(run) {
    const main = await run.main();
    const { options } = run;
    const limitsFile = path.join(run.logDir, "rate-limits.json");
    const huge = { limit: 1_000_000_000, windowSeconds: 60 };
    writeFileSync(limitsFile, JSON.stringify({ default: { writes: huge, reads: huge } }));
    const limited = await main.stack.startApi("api-rate-limited", {
      QUOTA_FILE: main.quotaFile,
      DISTRIBUTIONS_DIR: main.catalogDir,
      RATE_LIMIT_FILE: limitsFile,
    });
    try {
      const identities = postIdentities();
      const body = JSON.stringify(composeRequestBody(main.target, "bench-rate"));
      const loadOn = (url: string, durationSeconds: number): HttpLoad => composePostLoad(url, body, { connections: options.connections, durationSeconds });
      for (const url of [main.api.url, limited.url]) {
        const check = await probe(loadOn(url, 1), 201);
        if (!check.ok) return [{ name: "POST /compose rate-limited", skipped: check.reason }];
      }
      const policy = (await fetch(`${limited.url}/api/image-builder/v1/composes?limit=1`, { headers: { "x-rh-identity": identities[0]! } })).headers.get("ratelimit-policy");
      if (!policy) return [{ name: "POST /compose rate-limited", skipped: "the limited API sends no RateLimit-Policy: the limiter is off" }];

      // Short legs in ABBA order, several rounds: the load of a shared machine drifts within seconds.
      const leg = Math.max(1, options.durationSeconds / (2 * ROUNDS));
      if (options.warmupSeconds > 0) {
        await runHttpLoad(loadOn(main.api.url, options.warmupSeconds));
        await runHttpLoad(loadOn(limited.url, options.warmupSeconds));
      }
      const legs: { unlimited: LoadResult[]; limited: LoadResult[] } = { unlimited: [], limited: [] };
      for (let round = 0; round < ROUNDS; round++) {
        legs.unlimited.push(await runHttpLoad(loadOn(main.api.url, leg)));
        legs.limited.push(await runHttpLoad(loadOn(limited.url, leg)));
        legs.limited.push(await runHttpLoad(loadOn(limited.url, leg)));
        legs.unlimited.push(await runHttpLoad(loadOn(main.api.url, leg)));
      }
      run.log(`rate-limit legs (req/s): unlimited ${legs.unlimited.map((r) => r.reqPerSec.toFixed(0)).join(" ")}; limited ${legs.limited.map((r) => r.reqPerSec.toFixed(0)).join(" ")}`);
      const unlimited = merge(legs.unlimited);
      const rateLimited = merge(legs.limited);
      const share = rateLimited.reqPerSec / unlimited.reqPerSec;
      const clean = (r: LoadResult) => r.non2xx === 0 && r.errors === 0;
      return [
        {
          name: "POST /compose rate-limited",
          rate: rateLimited.reqPerSec,
          p50Ms: rateLimited.p50Ms,
          p99Ms: rateLimited.p99Ms,
          non2xx: rateLimited.non2xx,
          errors: rateLimited.errors,
          notes: [`${(share * 100).toFixed(0)}% of the unlimited rate (${policy})`],
          target: { text: `>= ${TARGET_SHARE * 100}% of unlimited`, met: share >= TARGET_SHARE && clean(rateLimited) && clean(unlimited) },
        },
        {
          name: "  unlimited, same run",
          rate: unlimited.reqPerSec,
          p50Ms: unlimited.p50Ms,
          p99Ms: unlimited.p99Ms,
          non2xx: unlimited.non2xx,
          errors: unlimited.errors,
        },
      ];
    } finally {
      await limited.app.stop();
    }
  },
};

/** Runs of equal length as one: rates and medians averaged, the worst p99, counts added. */
function merge(runs: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
  const sum = (pick: (r: LoadResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    reqPerSec: mean((r) => r.reqPerSec),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    total: sum((r) => r.total),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    statusCodes: {},
  };
}
