import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadCatalog } from "@ib/core/catalog";
import { createDb } from "@ib/db";
import { benchAbort, throwIfAborted } from "../abort";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, postIdentities, unlimitedQuotaFile } from "../fixtures";
import { probe } from "../load/http-load";
import { KeptAliveConnections, postBytes } from "../load/kept-alive";
import { percentile } from "../load/percentiles";
import { repoRoot } from "../run";
import type { Scenario } from "./types";

/**
 * From `POST /compose` to composer: clients post at a fixed rate (below saturation) to an API
 * with a worker and the simulator behind it; for every compose, the time from its row's
 * creation to the worker's claim of the submission (`submitted_at`, taken right before the call
 * to composer, which answers at once here). The posts go out at an even pace (see
 * `postAtEvenPace`); the warm-up posts come first and are left out of the figures.
 */
export const submitLatency: Scenario = {
  id: "submit-latency",
  title: "POST -> composer submit latency",
  async run(run) {
    const { options } = run;
    const name = `POST -> composer submit @ ${options.postRate}/s`;
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
    };
    const check = await probe(load, 201);
    if (!check.ok) return [{ name, skipped: check.reason }];
    const paced = {
      ...load,
      identity: () => identities[n++ % identities.length]!,
      rate: options.postRate,
      connections: options.connections,
    };
    if (options.warmupSeconds > 0) await postAtEvenPace({ ...paced, durationSeconds: options.warmupSeconds });

    const db = createDb({ url: stack.databaseUrl, max: 1, applicationName: "bench-submit-latency" });
    try {
      const [{ since } = { since: "" }] = await db.sql<{ since: string }[]>`select now()::text as since`;
      const http = await postAtEvenPace({ ...paced, durationSeconds: options.durationSeconds });
      const deadline = performance.now() + 60_000;
      let stats = await submitStats(db.sql, since);
      while (stats.submitted < stats.total && performance.now() < deadline) {
        await sleep(250);
        stats = await submitStats(db.sql, since);
      }
      return [
        {
          name,
          rate: http.reqPerSec,
          p50Ms: stats.p50,
          p99Ms: stats.p99,
          non2xx: http.non2xx,
          errors: http.errors,
          notes: [
            `latency to submit (max ${Math.round(stats.max)} ms); HTTP p50 ${http.p50Ms.toFixed(1)} p99 ${http.p99Ms.toFixed(1)} ms`,
            `${stats.submitted}/${stats.total} submitted`,
          ],
        },
      ];
    } finally {
      await db.close();
    }
  },
};

/** Composes created since `since` (the measured window): how many, how many submitted, latency to submission. */
async function submitStats(sql: ReturnType<typeof createDb>["sql"], since: string) {
  const [row] = await sql<{ total: number; submitted: number; p50: number; p99: number; max: number }[]>`
    with latency as (
      select composer_id, extract(epoch from (submitted_at - created_at)) * 1000 as ms from composes
      where created_at >= ${since}::timestamptz
    )
    select count(*)::int as total,
           count(composer_id)::int as submitted,
           percentile_cont(0.5) within group (order by ms) filter (where composer_id is not null) as p50,
           percentile_cont(0.99) within group (order by ms) filter (where composer_id is not null) as p99,
           max(ms) filter (where composer_id is not null) as max
    from latency`;
  return row!;
}

interface PacedLoad {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The `x-rh-identity` of the next request. */
  identity: () => string;
  rate: number;
  connections: number;
  durationSeconds: number;
}

/**
 * POSTs at an even pace: request i leaves at start + i/rate, whatever the answers so far (open
 * loop: a slow server does not slow the load down; at most `connections` requests are in
 * flight and the others wait for a connection, which counts in their latency). autocannon's
 * `overallRate` is not a pace: each connection sends its share of a second's quota as fast as
 * the server answers and then waits for the next second, so 500/s arrives as 500 requests in
 * the first ~100 ms of every second.
 */
export async function postAtEvenPace(load: PacedLoad) {
  throwIfAborted();
  const target = new URL(load.path, load.url);
  const client = new KeptAliveConnections(target.hostname, Number(target.port || 80), load.connections);
  const prepared = new Map<string, Buffer>();
  const requestBytes = (identity: string) => {
    let bytes = prepared.get(identity);
    if (!bytes) {
      bytes = postBytes(target, { ...load.headers, "x-rh-identity": identity }, load.body);
      prepared.set(identity, bytes);
    }
    return bytes;
  };
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / load.rate;
  const total = Math.floor(load.rate * load.durationSeconds);
  const start = performance.now();

  const post = async (): Promise<void> => {
    const t0 = performance.now();
    try {
      const { status } = await client.send(requestBytes(load.identity()));
      if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
      else non2xx++;
    } catch {
      errors++;
    }
  };

  try {
    while (sent < total && !benchAbort.signal.aborted) {
      const due = start + sent * intervalMs;
      const now = performance.now();
      if (due > now) {
        await sleep(Math.max(1, Math.floor(due - now)));
        continue;
      }
      const p = post();
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
      sent++;
    }
    await Promise.all(inFlight);
  } finally {
    client.close();
  }
  throwIfAborted();
  const seconds = (performance.now() - start) / 1000;
  return {
    reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    total: sent,
    non2xx,
    errors,
  };
}
