import { and, composes, inArray, isNull, sql } from "@ib/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inBatches } from "./support/batches";
import { guestImage, simStats, waitForAllEnded } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

const BUILDS = 200;
let stack: Stack;
beforeAll(async () => {
  // Every composer call takes 250 ms, so many submissions are in flight when the worker dies and
  // some are not made yet (at 40 ms a quiet machine had submitted all 200 before the kill);
  // builds last a few seconds, so the rest are mid-build.
  stack = await startStack({ simEnv: { TIME_SCALE: "0.01", LATENCY_MS: "250" } });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

it(`kill -9 of the worker with ${BUILDS} builds in flight, then a new worker: every build ends, duplicates only for submissions caught mid-write`, async () => {
  const ids = await inBatches(Array.from({ length: BUILDS }), 25, () => stack.createCompose(guestImage()));
  await waitFor("a third of the builds to reach composer", async () => (await simStats(stack)).submissionKeys >= BUILDS / 3, 30_000, 20);

  const victim = stack.workers[0]!;
  victim.kill("SIGKILL");
  const exit = await victim.exited;
  expect(exit.signal).toBe("SIGKILL");

  // Claimed but not recorded when the worker died: composer may or may not have them.
  const caught = await stack.db.db
    .select({ id: composes.id })
    .from(composes)
    .where(and(inArray(composes.id, ids), sql`${composes.submittedAt} is not null`, isNull(composes.composerId)));
  const caughtIds = new Set(caught.map((r) => r.id));
  const atKill = await simStats(stack);
  expect(atKill.submissionKeys).toBeLessThan(BUILDS);

  await stack.startWorker();
  const rows = await waitForAllEnded(stack, ids, 120_000);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);

  const stats = await simStats(stack);
  expect(stats.submissionKeys).toBe(BUILDS);
  expect(stats.submissionsWithoutKey).toBe(0);
  const duplicated = stats.duplicates.map((d) => d.key);
  // A compose is posted twice only if composer had answered and the worker died before writing.
  for (const key of duplicated) expect(caughtIds.has(key)).toBe(true);
  for (const d of stats.duplicates) {
    const row = rows.find((r) => r.id === d.key)!;
    expect(d.composerIds).toContain(row.composerId);
  }
  console.log(
    `[kill -9] builds=${BUILDS} submitted-before-kill=${atKill.submissionKeys} claimed-but-unrecorded-at-kill=${caughtIds.size} ` +
      `duplicate-submissions=${stats.duplicateSubmissions}`,
  );
  expect(stats.duplicateSubmissions).toBe(duplicated.reduce((n, key) => n + (stats.duplicates.find((d) => d.key === key)!.count - 1), 0));
  expect(stats.duplicateSubmissions).toBeLessThanOrEqual(caughtIds.size);
}, 180_000);
