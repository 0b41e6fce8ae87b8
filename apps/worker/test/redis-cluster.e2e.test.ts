import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { lenientDatabaseDeadlines, PrivateRedisCluster } from "@ib/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inBatches } from "./support/batches";
import { guestImage, simStats, waitForAllEnded } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { openStatusStream, statusData } from "./support/status-streams";
import { waitFor } from "./support/wait";

const BUILDS = 500;
/** Composes spread over orgs so no quota window fills; one org has a tiny write budget. */
const ORGS = 50;
const LIMITED_ORG = "cluster-rate-limited";

let cluster: PrivateRedisCluster;
let stack: Stack;
let dir: string;
beforeAll(async () => {
  cluster = await PrivateRedisCluster.create(3);
  dir = mkdtempSync(path.join(tmpdir(), "ib-cluster-e2e-"));
  const rateLimitFile = path.join(dir, "rate-limits.json");
  writeFileSync(
    rateLimitFile,
    JSON.stringify({
      default: { writes: { limit: 100_000, windowSeconds: 60 }, reads: { limit: 100_000, windowSeconds: 60 } },
      [LIMITED_ORG]: { writes: { limit: 3, windowSeconds: 60 } },
    }),
  );
  stack = await startStack({
    workers: 2,
    redis: { url: cluster.url, cluster: true },
    apiEnv: { RATE_LIMIT_FILE: rateLimitFile, ...lenientDatabaseDeadlines },
    simEnv: { TIME_SCALE: "0.003", LATENCY_MS: "5" },
  });
  // A second replica: its status subscription and the first one's sit on whichever nodes.
  await stack.startApi();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

it(`API and two workers on a 3-master Redis Cluster take ${BUILDS} builds to success, rate limits counted and status pushed there`, async () => {
  // Every process reports ready against the cluster (once its cluster connection is up).
  const ready = (url: string) => waitFor(`${url} ready`, async () => (await fetch(url)).status === 200, 30_000, 200);
  for (const api of stack.apis) await ready(`${api.url}/ready`);
  for (const w of stack.workers) await ready(`${w.metricsUrl}/readyz`);
  // One org's status events, watched on both API replicas while the builds run.
  const watched = "cluster-0";
  const orgStreams = await Promise.all(stack.apis.map((api) => openStatusStream(api.url, "/composes/events", watched)));
  await Promise.all(orgStreams.map((s) => s.waitFor((e) => e.event === "ready", 10_000)));

  const started = performance.now();
  const ids = await inBatches(Array.from({ length: BUILDS }), 25, (_, i) => stack.createCompose(guestImage(), `cluster-${i % ORGS}`));
  const accepted = performance.now();
  const rows = await waitForAllEnded(stack, ids, 240_000);
  const ended = performance.now();
  expect(rows.filter((r) => r.status !== "success").map((r) => `${r.id} ${r.status}`)).toEqual([]);

  // Every build of the watched org reached both replicas' streams as a success, nothing of other orgs.
  const watchedIds = ids.filter((_, i) => i % ORGS === 0).sort();
  const succeeded = (s: (typeof orgStreams)[number]) =>
    [...new Set(s.events.filter((e) => e.event === "status" && statusData(e).image_status.status === "success").map((e) => statusData(e).id))].sort();
  for (const s of orgStreams) await s.waitFor(() => succeeded(s).length === watchedIds.length, 30_000).catch(() => undefined);
  for (const s of orgStreams) {
    expect(succeeded(s)).toEqual(watchedIds);
    expect(s.events.filter((e) => e.event === "status" && !watchedIds.includes(statusData(e).id))).toEqual([]);
    s.close();
  }
  const pushed = orgStreams.map((s) => s.events.filter((e) => e.event === "status").length);
  // A compose stream on the cluster: the stored final state, then the end.
  const oneStream = await openStatusStream(stack.apis[1]!.url, `/composes/${watchedIds[0]}/events`, watched);
  await oneStream.ended;
  expect(oneStream.events.map((e) => statusData(e).image_status.status)).toEqual(["success"]);

  const stats = await simStats(stack);
  expect(stats.submissionKeys).toBe(BUILDS);
  expect(stats.duplicateSubmissions).toBe(0);

  const perWorker = await Promise.all(
    // Every build submitted once, by one worker or the other.
    stack.workers.map(async (w) => Number(/image_builder_worker_submissions_total\{result="accepted"\} (\d+)/.exec(await (await fetch(`${w.metricsUrl}/metrics`)).text())?.[1] ?? 0)),
  );
  expect(perWorker.reduce((a, b) => a + b, 0)).toBe(BUILDS);
  // The per-org rate limiter counts in the cluster: exactly 3 of 6 writes pass.
  const codes = [];
  for (let i = 0; i < 6; i++) codes.push((await stack.request("/compose", { json: guestImage(), orgId: LIMITED_ORG })).status);
  expect(codes.filter((c) => c === 201)).toHaveLength(3);
  expect(codes.filter((c) => c === 429)).toHaveLength(3);

  const keys = await cluster.keysByNode();
  console.log(
    `[redis cluster] builds=${BUILDS} accepted in ${((accepted - started) / 1000).toFixed(1)} s, all success after ${((ended - started) / 1000).toFixed(1)} s ` +
      `(${(BUILDS / ((ended - started) / 1000)).toFixed(1)} builds/s); submissions per worker=${perWorker.join("/")}; duplicates=${stats.duplicateSubmissions}; ` +
      `rate-limited org: ${codes.join(",")}; status events pushed to the watched org's streams=${pushed.join("/")}; keys per node=${JSON.stringify(keys)}`,
  );
}, 360_000);
