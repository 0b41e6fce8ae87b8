import { ComposerError } from "@ib/core/composer";
import { composeBuildPayload, jobNames } from "@ib/queue";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startInProcessWorker, type InProcessWorker } from "./support/in-process";
import { waitFor } from "./support/wait";

const unavailable = () => new ComposerError("retryable", "composer answered 503: Failed to enqueue job", 503);
const BUILDS = 6;

let w: InProcessWorker;
beforeEach(async () => {
  w = await startInProcessWorker({ COMPOSER_BREAKER_FAILURES: "2", COMPOSER_BREAKER_PROBE_MS: "150", SUBMIT_ATTEMPTS: "3" });
});
afterEach(async () => {
  await w?.close();
});

const breakerState = async () => (await w.ctx.metrics.breakerState.get()).values[0]?.value;

it("posts that fail as the breaker opens, or while it is open, spend no submission attempt; the probe closes it and every compose is built", async () => {
  const ids: string[] = [];
  for (let i = 0; i < BUILDS; i++) ids.push(await w.insertCompose());
  // Every post in flight at once, every one refused; the probe fails until composer is back.
  w.composer.postDelaysMs.push(...ids.map(() => 100));
  w.composer.postAnswers.push(...ids.map(() => unavailable()));
  let composerBack = false;
  let probes = 0;
  w.composer.ping = async () => {
    probes++;
    if (!composerBack) throw unavailable();
  };
  w.startWorker(BUILDS);
  for (const id of ids) await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId: id }), { jobId: id });

  await waitFor("the breaker to open", async () => (await breakerState()) === 2, 10_000, 10);
  await waitFor("every post to have failed", async () => w.composer.posts.length === BUILDS && (await Promise.all(ids.map((id) => w.queue.getJobState(id)))).every((s) => s === "delayed"), 10_000, 10);
  // Several probes later (more than SUBMIT_ATTEMPTS back-offs): nothing more was posted.
  await waitFor("four failed probes", async () => probes >= 4, 10_000, 10);
  expect(w.composer.posts).toHaveLength(BUILDS);
  const attempts = (await Promise.all(ids.map((id) => w.readCompose(id)))).map((r) => r!.submitAttempts);
  // Only the post that failed before the breaker opened counted.
  expect(attempts.reduce((a, b) => a + b, 0)).toBe(1);

  composerBack = true;
  await waitFor("every compose built", async () => (await Promise.all(ids.map((id) => w.readCompose(id)))).every((r) => r?.status === "success"), 15_000, 20);
  expect(await breakerState()).toBe(0);
  expect(w.composer.posts).toHaveLength(2 * BUILDS);
  for (const id of ids) {
    const row = await w.readCompose(id);
    expect(row!.submitAttempts).toBeLessThanOrEqual(1);
    const job = await w.queue.getJob(id);
    expect(job?.attemptsMade).toBe(1);
  }
  const parked = (await w.ctx.metrics.breakerParked.get()).values[0]?.value ?? 0;
  expect(parked).toBeGreaterThanOrEqual(BUILDS - 1);
});
