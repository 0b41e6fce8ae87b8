import { createComposeProducer, jobNames } from "@ib/queue";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inBatches } from "./support/batches";
import { guestImage, simStats, waitForAllEnded } from "./support/composes";
import { redisUrl, startStack, type Stack } from "./support/stack";

const BUILDS = 150;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 2, simEnv: { TIME_SCALE: "0.005", LATENCY_MS: "20" } });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

async function acceptedSubmissions(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return Number(/image_builder_worker_submissions_total\{result="accepted"\} (\d+)/.exec(text)?.[1] ?? 0);
}

it("two workers at once, with a second job for every compose: no compose is submitted twice", async () => {
  const producer = createComposeProducer({ redisUrl, prefix: stack.prefix });
  let ids: string[];
  try {
    ids = await inBatches(Array.from({ length: BUILDS }), 25, async () => {
      const id = await stack.createCompose(guestImage());
      // A stray twin job for the same compose (what a lost-and-restored queue could leave):
      // both workers may now run the same compose at the same moment.
      await producer.queue.add(jobNames.composeBuild, { composeId: id, step: "submit", polls: 0, pollErrors: 0, pollRefusals: 0 }, { jobId: `${id}-twin` });
      return id;
    });
  } finally {
    await producer.close();
  }

  const rows = await waitForAllEnded(stack, ids, 120_000);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);
  const stats = await simStats(stack);
  expect(stats.submissionKeys).toBe(BUILDS);
  expect(stats.duplicateSubmissions).toBe(0);

  const perWorker = await Promise.all(stack.workers.map((w) => acceptedSubmissions(w.metricsUrl)));
  expect(perWorker.reduce((a, b) => a + b, 0)).toBe(BUILDS);
  for (const n of perWorker) expect(n).toBeGreaterThan(0);
  console.log(`[two workers] builds=${BUILDS} submissions per worker=${perWorker.join("/")} duplicates=${stats.duplicateSubmissions}`);
}, 180_000);
