import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { guestImage, readCompose, waitForEnd } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    // Six fetches over about 7.5 s: long enough to end a fault in between, short enough to see the end.
    workerEnv: { METADATA_ATTEMPTS: "6", METADATA_BACKOFF_MS: "500", METADATA_BACKOFF_MAX_MS: "2000" },
    // The API asks composer with the worker's credentials: one tenant at composer, as in production.
    composerForApi: true,
  });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);
beforeEach(async () => {
  await stack.simAdmin("/config", { json: { metadataErrorRate: 0, metadataFailures: 0 } });
});

/** The worker's count of metadata fetches that ended its schedule. */
async function exhaustedFetches(): Promise<number> {
  const text = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('image_builder_worker_metadata_fetches_total{result="exhausted"}'));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("package metadata after composer's metadata errors", () => {
  it("metadata route down when the build succeeds: the success is recorded, the worker fetches the list once composer serves it", async () => {
    await stack.simAdmin("/config", { json: { metadataErrorRate: 1 } });
    const id = await stack.createCompose(guestImage());
    const ended = await waitForEnd(stack, id);
    expect(ended).toMatchObject({ status: "success", metadata: null });

    await stack.simAdmin("/config", { json: { metadataErrorRate: 0 } });
    const row = await waitFor("the worker to store the metadata", async () => {
      const r = await readCompose(stack, id);
      return r?.metadata ? r : undefined;
    }, 30_000, 100);
    const stored = row.metadata as { packages: { name: string }[] };
    expect(stored.packages.length).toBeGreaterThan(0);
    const res = await stack.request(`/composes/${id}/metadata`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(stored);
  }, 60_000);

  it("metadata never served while the worker tries: GET /composes/{id}/metadata asks composer afterwards and stores the list", async () => {
    const before = await exhaustedFetches();
    await stack.simAdmin("/config", { json: { metadataErrorRate: 1 } });
    const id = await stack.createCompose(guestImage());
    expect(await waitForEnd(stack, id)).toMatchObject({ status: "success", metadata: null });
    await waitFor("the worker to end its metadata schedule", async () => (await exhaustedFetches()) > before, 40_000, 200);

    const down = await stack.request(`/composes/${id}/metadata`);
    expect(down.status).toBe(500);
    expect(await down.json()).toEqual({ errors: [{ detail: "Failed querying compose metadata", title: "500" }] });

    await stack.simAdmin("/config", { json: { metadataErrorRate: 0 } });
    expect((await readCompose(stack, id))?.metadata).toBeNull();
    const res = await stack.request(`/composes/${id}/metadata`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { packages: { name: string; version: string; sigmd5: string }[] };
    expect(body.packages.length).toBeGreaterThan(0);
    for (const p of body.packages) expect(p).toMatchObject({ name: expect.any(String), version: expect.any(String), sigmd5: expect.any(String) });
    expect((await readCompose(stack, id))?.metadata).toEqual(body);
  }, 90_000);
});
