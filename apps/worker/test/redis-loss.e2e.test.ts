import { afterAll, beforeAll, expect, it } from "vitest";
import { inBatches } from "./support/batches";
import { guestImage, readComposes, simStats, waitForAllEnded } from "./support/composes";
import { deleteQueueKeys } from "./support/redis-keys";
import { redisUrl, startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

const BUILDS = 120;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ simEnv: { TIME_SCALE: "0.01", LATENCY_MS: "10" } });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

it("Redis losing every queue key mid-flight: the reconciler restores every build from PostgreSQL", async () => {
  const ids = await inBatches(Array.from({ length: BUILDS }), 20, () => stack.createCompose(guestImage()));
  await waitFor("half of the builds to reach composer", async () => (await simStats(stack)).submissionKeys >= BUILDS / 2, 30_000, 20);

  // This test's own keys only (its queue prefix): jobs, delayed sets, schedulers, everything.
  const deleted = await deleteQueueKeys(redisUrl, stack.prefix);
  expect(deleted).toBeGreaterThan(BUILDS / 2);
  const inFlight = (await readComposes(stack, ids)).filter((r) => r.status !== "success" && r.status !== "failure");
  expect(inFlight.length).toBeGreaterThan(0);

  const rows = await waitForAllEnded(stack, ids, 120_000);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);
  const stats = await simStats(stack);
  expect(stats.submissionKeys).toBe(BUILDS);
  expect(stats.duplicateSubmissions).toBe(0);

  const metrics = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
  const restored = [...metrics.matchAll(/image_builder_worker_reconcile_actions_total\{action="requeued_(?:poll|submit)"\} (\d+)/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  expect(restored).toBeGreaterThan(0);
  console.log(`[redis loss] builds=${BUILDS} in-flight-at-loss=${inFlight.length} jobs-restored-by-reconciler=${restored}`);
}, 180_000);
