import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintBody, V1 } from "./blueprints.fixtures";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
});
afterAll(() => api.close());

const orgId = "etag-org";
const get = (path: string, headers: Record<string, string> = {}) => api.request(`${V1}${path}`, { orgId, headers });

/** A first read's ETag, then a conditional read with it: 304, no body, the same tag. */
async function expectNotModified(path: string): Promise<string> {
  const first = await get(path);
  expect(first.status).toBe(200);
  const etag = first.headers.get("etag");
  expect(etag).toMatch(/^"[\w-]+"$/);
  await first.text();
  const again = await get(path, { "if-none-match": etag! });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe("");
  expect(again.headers.get("etag")).toBe(etag);
  // Weak form and lists of tags match too; another tag does not.
  expect((await get(path, { "if-none-match": `"nope", W/${etag}` })).status).toBe(304);
  expect((await get(path, { "if-none-match": `"nope"` })).status).toBe(200);
  return etag!;
}

describe("conditional reads", () => {
  it("GET /composes/{id} and GET /composes answer 304 until the compose changes", async () => {
    const { id } = (await (await api.request(`${V1}/compose`, { method: "POST", json: composeBody(), orgId })).json()) as { id: string };
    const statusTag = await expectNotModified(`/composes/${id}`);
    const listTag = await expectNotModified("/composes?limit=100");

    await api.deps.db.db.update(composes).set({ status: "building", progress: { done: 1, total: 4 } }).where(eq(composes.id, id));
    const changed = await get(`/composes/${id}`, { "if-none-match": statusTag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(statusTag);
    expect(await changed.json()).toMatchObject({ image_status: { status: "building" } });

    // A new compose changes the list.
    await api.request(`${V1}/compose`, { method: "POST", json: composeBody(), orgId });
    const list = await get("/composes?limit=100", { "if-none-match": listTag });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { meta: { count: number } }).meta.count).toBe(2);
    // Another org never sees this org's tag match its own list.
    const other = await api.request(`${V1}/composes?limit=100`, { orgId: "etag-other", headers: { "if-none-match": listTag } });
    expect(other.status).toBe(200);
  });

  it("GET /blueprints and GET /blueprints/{id} answer 304 until the blueprint changes", async () => {
    const created = await api.request(`${V1}/blueprints`, { method: "POST", json: blueprintBody(), orgId });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const one = await expectNotModified(`/blueprints/${id}`);
    const list = await expectNotModified("/blueprints");

    const updated = await api.request(`${V1}/blueprints/${id}`, { method: "PUT", json: blueprintBody({ description: "changed" }), orgId });
    expect(updated.ok).toBe(true);
    expect((await get(`/blueprints/${id}`, { "if-none-match": one })).status).toBe(200);
    expect((await get("/blueprints", { "if-none-match": list })).status).toBe(200);
  });

  it("a 404 carries no ETag", async () => {
    const res = await get("/composes/0190b3c4-0000-7000-8000-000000000000", { "if-none-match": "*" });
    expect(res.status).toBe(404);
    expect(res.headers.get("etag")).toBeNull();
  });
});
