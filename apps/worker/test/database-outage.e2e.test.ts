import { startPrivatePostgres, type PrivatePostgres } from "@ib/db/testing";
import { closeRedisConnection, createComposeQueue, createRedisConnection, type RedisConnection } from "@ib/queue";
import type { Queue } from "bullmq";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { guestImage, readComposes, simStats, waitForAllEnded, type SimStats } from "./support/composes";
import { redisUrl, startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

const BUILDS = 30;
let pg: PrivatePostgres;
let stack: Stack;
let connection: RedisConnection;
let queue: Queue;

const composerCalls = (s: SimStats) => Object.values(s.byRoute).reduce((n, v) => n + v, 0);

async function parkedRuns(): Promise<number> {
  const text = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(/^image_builder_worker_database_unavailable_parked_total\{[^}]*\} (\d+)/gm)) total += Number(match[1]);
  return total;
}

beforeAll(async () => {
  pg = await startPrivatePostgres();
  const databaseUrl = await pg.createDatabase("worker_outage");
  stack = await startStack({
    databaseUrl,
    // Builds of a few seconds, so most are being polled when PostgreSQL goes.
    simEnv: { TIME_SCALE: "0.01" },
    workerEnv: {
      DB_UNAVAILABLE_RETRY_MS: "300",
      // The production pool: with the tight acquisition deadline above, a pool much smaller than
      // the jobs in flight turns waits for a connection into parked runs on a loaded machine.
      DB_POOL_MAX: "20",
      DB_CONNECT_TIMEOUT_MS: "500",
      DB_ACQUIRE_TIMEOUT_MS: "1000",
      DB_CALL_TIMEOUT_MS: "2000",
    },
  });
  connection = createRedisConnection(redisUrl, "producer", "worker-outage-test");
  queue = createComposeQueue(connection, stack.prefix);
}, 120_000);
afterAll(async () => {
  await queue?.close();
  if (connection) await closeRedisConnection(connection);
  await stack?.close();
  await pg?.destroy();
}, 60_000);

it("PostgreSQL stopped and restarted under a running worker: the jobs that met it are parked, then complete; none failed, no attempt spent", async () => {
  const ids: string[] = [];
  for (let i = 0; i < BUILDS; i++) ids.push(await stack.createCompose(guestImage()));
  await waitFor("every build to reach composer", async () => (await readComposes(stack, ids)).every((r) => r.composerId !== null), 30_000);

  await pg.stop("immediate");
  try {
    // Every status read is followed by a write the outage refuses: twice as many reads as
    // builds means each build met it (most of them more than once).
    const before = composerCalls(await simStats(stack));
    await waitFor("two status reads per build during the outage", async () => composerCalls(await simStats(stack)) - before >= 2 * BUILDS, 30_000);
    expect(stack.workers[0]!.running()).toBe(true);
  } finally {
    await pg.start();
  }

  const rows = await waitForAllEnded(stack, ids, 90_000);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);
  expect(stack.workers[0]!.running()).toBe(true);

  const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
  for (const job of jobs) {
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe("completed");
    // The run that completed is its only attempt: parking moved it to the delayed set without
    // one, where a failed run would have made it 2 or more.
    expect(job!.attemptsMade).toBe(1);
  }
  expect((await queue.getJobCounts("failed")).failed).toBe(0);
  expect(await parkedRuns()).toBeGreaterThanOrEqual(BUILDS);

  const lines = readFileSync(stack.workers[0]!.logFile, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string; parkedRuns?: number });
  const down = lines.filter((l) => l.msg?.startsWith("PostgreSQL unavailable"));
  const back = lines.filter((l) => l.msg?.startsWith("PostgreSQL answers again"));
  expect(down.length).toBeGreaterThanOrEqual(1);
  expect(back.length).toBe(down.length);
  expect(back.reduce((n, l) => n + (l.parkedRuns ?? 0), 0)).toBeGreaterThanOrEqual(BUILDS);
  expect(lines.filter((l) => l.msg === "job run failed")).toEqual([]);
}, 180_000);
