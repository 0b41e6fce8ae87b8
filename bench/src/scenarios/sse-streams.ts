import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalog } from "@ib/core/catalog";
import { lenientDatabaseDeadlines, megabytes, MemoryWatch, openEventStream, type EventStreamClient } from "@ib/testkit";
import { throwIfAborted } from "../abort";
import { sleep } from "../env/child-app";
import { chooseComposeTarget, composeRequestBody, identityHeaders, unlimitedQuotaFile } from "../fixtures";
import { percentile } from "../load/percentiles";
import { memoryNote } from "../memory-note";
import { repoRoot } from "../run";
import type { Scenario } from "./types";

const STREAMS = 1_000;
const ORGS = 100;
/** Composes per org: each one's status changes reach the org's STREAMS / ORGS streams. */
const COMPOSES_PER_ORG = 2;
const OPEN_BATCH = 50;
const POST_BATCH = 20;

/**
 * 1,000 open compose status streams (`GET /composes/events`, 10 per org over 100 orgs) on one
 * API, fed by a real worker building against the simulator: the API's RSS with the streams
 * open and while events flow, and the latency of every event from the worker's write (the
 * event id is the row's `updated_at`, taken when the write's statement starts) to its arrival
 * at the client (same machine, same clock).
 */
export const sseStreams: Scenario = {
  id: "sse-streams",
  title: "1,000 open SSE streams: API RSS, write-to-client latency",
  async run(run) {
    const name = `${STREAMS} SSE streams`;
    const catalogDir = path.join(repoRoot, "distributions");
    const stack = await run.stack("sse");
    // Builds of a few seconds with progress steps: several status writes per compose.
    const sim = await stack.startSimulator({ TIME_SCALE: "0.005", LATENCY_MS: "0", PENDING_SECONDS: "20" });
    await stack.startWorker(sim);
    const quotaFile = path.join(run.logDir, "sse-quotas.json");
    writeFileSync(quotaFile, unlimitedQuotaFile());
    // The posts only feed the streams: database deadlines that a loaded machine does not trip.
    const api = await stack.startApi("api", {
      QUOTA_FILE: quotaFile,
      DISTRIBUTIONS_DIR: catalogDir,
      SSE_MAX_STREAMS_PER_ORG: String(STREAMS),
      ...lenientDatabaseDeadlines,
    });
    const orgs = Array.from({ length: ORGS }, (_, i) => `bench-sse-${String(i).padStart(3, "0")}`);
    const identities = identityHeaders(orgs);
    const streamsUrl = `${api.url}/api/image-builder/v1/composes/events`;

    const before = new MemoryWatch(api.app.pid).start().stop();
    const idle = new MemoryWatch(api.app.pid).start();
    const clients: EventStreamClient[] = [];
    try {
      for (let i = 0; i < STREAMS; i += OPEN_BATCH) {
        throwIfAborted();
        const batch = await Promise.all(
          Array.from({ length: Math.min(OPEN_BATCH, STREAMS - i) }, (_, j) => openEventStream(streamsUrl, { "x-rh-identity": identities[(i + j) % ORGS]! })),
        );
        clients.push(...batch);
      }
      const refused = clients.filter((c) => c.status !== 200);
      if (refused.length > 0) return [{ name, skipped: `${refused.length} streams refused: ${refused[0]!.status} ${refused[0]!.text?.slice(0, 120)}` }];
      await Promise.all(clients.map((c) => c.waitFor((e) => e.event === "ready", 30_000)));
      await sleep(1_000);
      const open = idle.stop();

      const flowing = new MemoryWatch(api.app.pid).start();
      const body = JSON.stringify(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir)), "bench-sse"));
      const composeIds: string[] = [];
      for (let round = 0; round < COMPOSES_PER_ORG * ORGS; round += POST_BATCH) {
        const ids = await Promise.all(
          identities.slice(round % ORGS, (round % ORGS) + POST_BATCH).map(async (identity) => {
            const res = await fetch(`${api.url}/api/image-builder/v1/compose`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-rh-identity": identity },
              body,
            });
            const text = await res.text();
            if (res.status !== 201) throw new Error(`POST /compose answered ${res.status}: ${text}`);
            return (JSON.parse(text) as { id: string }).id;
          }),
        );
        composeIds.push(...ids);
      }
      // Every stream sees its org's composes end.
      const finals = (c: EventStreamClient) =>
        new Set(c.events.filter((e) => e.event === "status" && /"status":"(success|failure)"/.test(e.data)).map((e) => (JSON.parse(e.data) as { id: string }).id)).size;
      const deadline = Date.now() + 180_000;
      while (clients.some((c) => finals(c) < COMPOSES_PER_ORG) && Date.now() < deadline) {
        throwIfAborted();
        await sleep(250);
      }
      const during = flowing.stop();
      const complete = clients.filter((c) => finals(c) >= COMPOSES_PER_ORG).length;

      const latencies: number[] = [];
      for (const c of clients) {
        for (const e of c.events) if (e.event === "status" && e.id) latencies.push(e.receivedAt - Number(BigInt(e.id) / 1000n));
      }
      const events = latencies.length;
      const p50 = percentile(latencies, 0.5);
      const p99 = percentile(latencies, 0.99);
      const max = latencies.length > 0 ? latencies[latencies.length - 1]! : Number.NaN;
      return [
        {
          name,
          rate: events,
          unit: "events",
          p50Ms: p50,
          p99Ms: p99,
          notes: [
            `write-to-client latency (max ${Math.round(max)} ms), ${composeIds.length} composes, ${complete}/${STREAMS} streams saw every end`,
            `API RSS ${megabytes(before.lastBytes)} before the streams`,
            memoryNote("API with the streams open", open),
            memoryNote("API while events flow", during),
          ],
        },
      ];
    } finally {
      for (const c of clients) c.close();
    }
  },
};
