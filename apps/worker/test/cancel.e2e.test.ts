import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestImage, readCompose, submissionsOf, waitForEnd } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { sleep, waitFor } from "./support/wait";

interface SimCompose {
  deleted: boolean;
  deletedAt?: number;
  statusReads: number;
  statusReadsAfterDelete: number;
}

const cancelledError = { id: 1107, reason: "The compose was cancelled by its owner" };

// No worker at first: the first test cancels a compose nobody has picked up yet.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 0 });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

const cancel = (id: string, orgId?: string) => stack.request(`/composes/${id}/cancel`, { method: "POST", orgId });
const simCompose = (composerId: string) => stack.simAdmin<SimCompose>(`/composes/${composerId}`);

/** Builds that stay at composer for minutes: the simulator's clock at real time. */
async function slowBuilds<T>(run: () => Promise<T>): Promise<T> {
  await stack.simAdmin("/config", { json: { timeScale: 1 } });
  try {
    return await run();
  } finally {
    await stack.simAdmin("/config", { json: { timeScale: 0.003, latencyMs: 0 } });
  }
}

async function submitted(id: string): Promise<string> {
  const row = await waitFor(`compose ${id} to reach composer`, async () => {
    const r = await readCompose(stack, id);
    return r?.composerId ? r : undefined;
  }, 20_000);
  return row.composerId!;
}

/** Waits until the worker recorded composer's delete; returns the simulator's view then. */
async function deletedAtComposer(id: string, composerId: string): Promise<SimCompose> {
  await waitFor(`the delete of ${id} at composer to be recorded`, async () => (await readCompose(stack, id))?.composerDeletedAt ?? undefined, 20_000);
  const seen = await simCompose(composerId);
  expect(seen.deleted).toBe(true);
  return seen;
}

/** No status read of the build for a while (polls are at most 400 ms apart here). */
async function expectNoMorePolls(composerId: string): Promise<void> {
  await sleep(1_000);
  const before = (await simCompose(composerId)).statusReads;
  await sleep(2_000);
  expect((await simCompose(composerId)).statusReads).toBe(before);
}

describe("POST /composes/{id}/cancel", () => {
  it("before submission: failure at once, and never posted to composer", async () => {
    const id = await stack.createCompose(guestImage());
    const res = await cancel(id);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { image_status: { status: string; error?: unknown }; request: unknown };
    expect(body.image_status).toEqual({ status: "failure", error: cancelledError });
    expect(body.request).toMatchObject({ distribution: "rhel-9" });

    await stack.startWorker();
    // A compose accepted after it ends once the worker has gone past the cancelled one.
    const later = await stack.createCompose(guestImage());
    expect((await waitForEnd(stack, later)).status).toBe("success");
    await sleep(1_000);
    expect((await submissionsOf(stack, id)).count).toBe(0);
    const row = await readCompose(stack, id);
    expect(row).toMatchObject({ status: "failure", composerId: null, error: cancelledError });
    expect(row!.cancelledAt).toBeInstanceOf(Date);
    expect(row!.finishedAt).toBeInstanceOf(Date);

    const status = (await (await stack.request(`/composes/${id}`)).json()) as { image_status: unknown };
    expect(status.image_status).toEqual({ status: "failure", error: cancelledError });
  }, 90_000);

  it("after submission: deleted at composer, and no longer polled", async () => {
    await slowBuilds(async () => {
      const id = await stack.createCompose(guestImage());
      const composerId = await submitted(id);
      await waitFor("the worker to poll the build", async () => (await simCompose(composerId)).statusReads > 1, 20_000);

      const res = await cancel(id);
      expect(res.status).toBe(202);
      expect(((await res.json()) as { image_status: unknown }).image_status).toEqual({ status: "failure", error: cancelledError });

      const seen = await deletedAtComposer(id, composerId);
      expect(seen.deletedAt).toEqual(expect.any(Number));
      await expectNoMorePolls(composerId);
      // At most the one read that was on its way when the delete landed.
      expect((await simCompose(composerId)).statusReadsAfterDelete).toBeLessThanOrEqual(1);
      expect(await readCompose(stack, id)).toMatchObject({ status: "failure", composerId, error: cancelledError, deleted: false });
    });
  }, 90_000);

  it("while the submission is on its way: the worker records the build and deletes it at composer", async () => {
    await slowBuilds(async () => {
      await stack.simAdmin("/config", { json: { latencyMs: 1_500 } });
      const id = await stack.createCompose(guestImage());
      await waitFor(`compose ${id} to be claimed`, async () => {
        const r = await readCompose(stack, id);
        return r?.submittedAt && !r.composerId ? r : undefined;
      }, 20_000, 20);
      expect((await cancel(id)).status).toBe(202);

      const composerId = await submitted(id);
      expect((await submissionsOf(stack, id)).composerIds).toEqual([composerId]);
      await deletedAtComposer(id, composerId);
      expect(await readCompose(stack, id)).toMatchObject({ status: "failure", error: cancelledError });
      // The submitter, not the cancel job, found it: its claim lost to the cancel.
      const metrics = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/^image_builder_worker_submissions_total\{result="cancelled"\} 1$/m);
    });
  }, 90_000);

  it("a finished compose: 409 saying so; cancelling twice: 409 too", async () => {
    const id = await stack.createCompose(guestImage());
    expect((await waitForEnd(stack, id)).status).toBe("success");
    const res = await cancel(id);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      errors: [{ title: "409", detail: `Compose ${id} has already finished with status success; only a compose in progress can be cancelled` }],
    });
    expect((await readCompose(stack, id))?.status).toBe("success");

    const other = await stack.createCompose(guestImage());
    expect((await cancel(other)).status).toBe(202);
    const again = await cancel(other);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errors: [{ title: "409", detail: `Compose ${other} has already been cancelled` }] });
  }, 60_000);

  it("another org's compose, an unknown one, a deleted one: 404 with upstream's text, and nothing changes", async () => {
    await slowBuilds(async () => {
      const id = await stack.createCompose(guestImage());
      const res = await cancel(id, "another-org");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [{ title: "404", detail: `Compose entry ${id} not found compose entry not found` }] });
      expect((await readCompose(stack, id))?.cancelledAt).toBeNull();
      expect(["pending", "building"]).toContain((await readCompose(stack, id))?.status);

      const unknown = "0190f5e4-0000-7000-8000-000000000000";
      expect((await cancel(unknown)).status).toBe(404);
      expect((await cancel("not-a-uuid")).status).toBe(404);

      expect((await stack.request(`/composes/${id}`, { method: "DELETE" })).status).toBe(200);
      expect((await cancel(id)).status).toBe(404);
    });
  }, 60_000);

  it("DELETE /composes/{id} of a build in flight cancels it too, with upstream's 200 and empty body", async () => {
    await slowBuilds(async () => {
      const id = await stack.createCompose(guestImage());
      const composerId = await submitted(id);
      const res = await stack.request(`/composes/${id}`, { method: "DELETE" });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
      expect((await stack.request(`/composes/${id}`)).status).toBe(404);
      await deletedAtComposer(id, composerId);
      await expectNoMorePolls(composerId);
      expect(await readCompose(stack, id)).toMatchObject({ status: "failure", deleted: true, error: cancelledError });
    });
  }, 90_000);
});
