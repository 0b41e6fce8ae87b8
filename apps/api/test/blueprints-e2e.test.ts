import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../../worker/test/support/stack";
import { waitFor } from "../../worker/test/support/wait";
import { twoImageBlueprint, type ComposeList } from "./blueprints.fixtures";

/**
 * The console's blueprint sequence against the real processes: the API, a worker and the
 * composer simulator, on a database and queue prefix of their own. Builds run on the
 * simulator's scaled-down clock, so they finish within seconds.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.close(), 60_000);

/** A call as the console makes it: identity from the gateway, `X-ImageBuilder-ui` on every call. */
async function consoleCall<T>(path: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { "x-rh-identity": encodeIdentity({ orgId: "console-org" }), "x-imagebuilder-ui": "true" };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${stack.apiUrl}/api/image-builder/v1${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface ComposeStatusBody {
  image_status: { status: string; upload_status?: { type: string; status: string; options: Record<string, unknown> } };
  request: Record<string, unknown>;
}

const specStatuses = ["pending", "building", "uploading", "registering", "success", "failure"];

describe("the console's blueprint sequence, built by the worker on the composer simulator", () => {
  it("creates a two-target blueprint, builds it, lists its builds and polls each to success", async () => {
    const name = "e2e two targets";
    const free = await consoleCall<ComposeList>(`/blueprints?name=${encodeURIComponent(name)}`);
    expect(free.body.meta.count).toBe(0);
    const created = await consoleCall<{ id: string }>("/blueprints", { method: "POST", json: twoImageBlueprint({ name, description: "" }) });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const built = await consoleCall<{ id: string }[]>(`/blueprints/${id}/compose`, { method: "POST", json: {} });
    expect(built.status).toBe(201);
    const ids = built.body.map((c) => c.id);
    expect(ids).toHaveLength(2);

    const table = await consoleCall<ComposeList>(`/blueprints/${id}/composes?blueprint_version=-1&limit=10&offset=0`);
    expect(table.status).toBe(200);
    expect(table.body.meta.count).toBe(2);
    expect(new Set(table.body.data.map((c) => c.id))).toEqual(new Set(ids));
    expect(table.body.data.map((c) => c.client_id)).toEqual(["ui", "ui"]);

    // One status subscription per row, polled until every build ends.
    const seen = new Set<string>();
    const finished = await waitFor(
      "both blueprint composes to finish",
      async () => {
        const statuses = await Promise.all(ids.map((c) => consoleCall<ComposeStatusBody>(`/composes/${c}`)));
        for (const s of statuses) {
          expect(s.status).toBe(200);
          seen.add(s.body.image_status.status);
        }
        const done = statuses.every((s) => ["success", "failure"].includes(s.body.image_status.status));
        return done && statuses.map((s) => s.body);
      },
      60_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- worker ---\n${stack.workers[0]?.tail()}\n--- composer-sim ---\n${stack.sim.tail()}`);
    });

    const [guest, aws] = finished;
    expect(guest!.image_status).toMatchObject({
      status: "success",
      upload_status: { type: "aws.s3", status: "success", options: { url: expect.any(String) } },
    });
    expect(aws!.image_status).toMatchObject({
      status: "success",
      upload_status: { type: "aws", status: "success", options: { ami: expect.any(String), region: expect.any(String) } },
    });
    expect(guest!.request).toMatchObject({ image_name: name, client_id: "ui", distribution: "rhel-9" });
    expect([...seen].filter((s) => !specStatuses.includes(s))).toEqual([]);

    // The images table afterwards: both builds, still attached to version 1.
    const after = await consoleCall<ComposeList>(`/blueprints/${id}/composes?blueprint_version=-1`);
    expect(after.body.data.map((c) => c.blueprint_version)).toEqual([1, 1]);
    expect(after.body.data.map((c) => c.blueprint_id)).toEqual([id, id]);
  }, 90_000);
});
