import { startPrivatePostgres, type PrivatePostgres } from "@ib/db/testing";
import { composeBuildPayload, jobNames } from "@ib/queue";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startInProcessWorker, type InProcessWorker } from "./support/in-process";
import { waitFor } from "./support/wait";

/**
 * Composer accepts a submission and PostgreSQL goes away before the worker stores composer's
 * id: the build exists at composer, so the worker must store the id once PostgreSQL is back and
 * follow that build, never post the compose a second time.
 */
let pg: PrivatePostgres;
let w: InProcessWorker;
beforeAll(async () => {
  pg = await startPrivatePostgres();
  const url = await pg.createDatabase("record_outage");
  w = await startInProcessWorker({ DB_UNAVAILABLE_RETRY_MS: "200", DB_CONNECT_TIMEOUT_MS: "500", DB_ACQUIRE_TIMEOUT_MS: "1000" }, { url, drop: async () => {} });
}, 120_000);
afterAll(async () => {
  await w?.close();
  await pg?.destroy();
}, 60_000);

it("a submission composer accepted while PostgreSQL was stopped is stored when it returns, not posted again", async () => {
  const id = await w.insertCompose();
  const composerId = "0b9b6fd3-53c8-4a43-9b56-4f1a0d3c2a11";
  w.composer.postAnswers.push({ id: composerId });
  let restarted: Promise<void> | undefined;
  w.composer.beforePostAnswers.push(async () => {
    await pg.stop("fast");
    // Back after a few parked runs of the step.
    restarted = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => pg.start());
  });
  w.startWorker();
  await w.queue.add(jobNames.composeBuild, composeBuildPayload.parse({ composeId: id }), { jobId: id });

  await waitFor("the restart", async () => restarted !== undefined, 10_000, 20);
  await restarted;
  const row = await waitFor("the build followed to success", async () => {
    const r = await w.readCompose(id).catch(() => undefined);
    return r?.status === "success" ? r : undefined;
  }, 30_000, 50);
  expect(row.composerId).toBe(composerId);
  expect(w.composer.posts).toHaveLength(1);
  expect(w.composer.statusReads.every((read) => read === composerId)).toBe(true);
  // No BullMQ attempt spent on the outage either.
  expect((await w.queue.getJob(id))?.attemptsMade).toBe(1);
});
