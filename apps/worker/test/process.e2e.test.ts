import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { guestImage, waitForEnd } from "./support/composes";
import { spawnApp } from "./support/spawn-app";
import { redisUrl, startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

it("without COMPOSER_URL the worker refuses to start and says why", async () => {
  const worker = await spawnApp({
    name: "worker-no-composer",
    app: "worker",
    logDir: mkdtempSync(path.join(tmpdir(), "ib-worker-env-")),
    env: { REDIS_URL: redisUrl, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" },
  });
  const exit = await worker.exited;
  expect(exit.code).toBe(1);
  const line = JSON.parse(worker.tail(5).split("\n").find((l) => l.includes("COMPOSER_URL"))!);
  expect(line).toMatchObject({ level: "fatal", msg: "invalid environment", variable: "COMPOSER_URL", problem: expect.stringContaining("must be set to the composer") });
}, 30_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ simEnv: { TIME_SCALE: "0.003" } });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

it("serves /healthz, /readyz and /metrics on its side port, and stops cleanly on SIGTERM", async () => {
  const worker = stack.workers[0]!;
  expect((await fetch(`${worker.metricsUrl}/healthz`)).status).toBe(200);
  const ready = await fetch(`${worker.metricsUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", checks: [{ name: "postgres", ok: true }, { name: "redis", ok: true }] });
  const metrics = await fetch(`${worker.metricsUrl}/metrics`);
  expect(await metrics.text()).toContain("image_builder_worker_queue_jobs");

  // A build in flight when the worker stops: the next worker finishes it.
  const id = await stack.createCompose(guestImage());
  await waitFor("the submission", async () => (await stack.db.db.query.composes.findFirst({ where: (c, { eq }) => eq(c.id, id) }))?.composerId, 10_000);
  worker.kill("SIGTERM");
  const exit = await worker.exited;
  expect(exit.code).toBe(0);
  expect(worker.tail(5)).toContain('"msg":"stopped"');

  await stack.startWorker();
  expect((await waitForEnd(stack, id)).status).toBe("success");
}, 60_000);
