import { composes, eq, sql } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, tempQuotaFile, TWO_WEEKS_NS, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const ONE_DAY_NS = 86_400_000_000_000;
const quotaFile = tempQuotaFile({
  default: { quota: 10, slidingWindow: TWO_WEEKS_NS },
  "tight-org": { quota: 3, slidingWindow: ONE_DAY_NS },
  "zero-org": { quota: 0, slidingWindow: TWO_WEEKS_NS },
});

let api: TestApi;
let unlimited: TestApi;
beforeAll(async () => {
  [api, unlimited] = await Promise.all([startTestApi({ QUOTA_FILE: quotaFile.file }), startTestApi()]);
  useTestCatalog(api);
  useTestCatalog(unlimited);
});
afterAll(async () => {
  await Promise.all([api.close(), unlimited.close()]);
  quotaFile.cleanup();
});

const post = (t: TestApi, orgId: string) => t.request("/api/image-builder/v1/compose", { method: "POST", json: composeBody(), orgId });
const quota = async (t: TestApi, orgId: string, prefix = "/api/image-builder/v1") => {
  const res = await t.request(`${prefix}/quota`, { orgId });
  expect(res.status).toBe(200);
  return res.json();
};

describe("GET /quota", () => {
  it("reports the default quota and the composes used, under both prefixes", async () => {
    expect(await quota(api, "fresh-org")).toEqual({ quota: 10, used: 0, remaining: 10, window_seconds: 1209600, next_slot_at: null });
    for (let i = 0; i < 3; i++) expect((await post(api, "fresh-org")).status).toBe(201);
    const expected = { quota: 10, used: 3, remaining: 7, window_seconds: 1209600, next_slot_at: null };
    expect(await quota(api, "fresh-org")).toEqual(expected);
    expect(await quota(api, "fresh-org", "/api/image-builder/v1.0")).toEqual(expected);
    // Another org sees only its own use.
    expect(await quota(api, "other-org")).toMatchObject({ used: 0, remaining: 10 });
  });

  it("counts deleted composes and, when used up, says when the oldest leaves the window", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await post(api, "tight-org")).json()) as { id: string }).id);
    // Spread the creation times: the oldest is 20 hours old, so it leaves the one-day window in 4 hours.
    await api.deps.db.db.execute(sql`update composes set created_at = now() - interval '20 hours' where id = ${ids[0]}`);
    await api.deps.db.db.execute(sql`update composes set created_at = now() - interval '10 hours' where id = ${ids[1]}`);
    expect((await api.request(`/api/image-builder/v1/composes/${ids[0]}`, { method: "DELETE", orgId: "tight-org" })).status).toBe(200);
    const body = (await quota(api, "tight-org")) as { next_slot_at: string };
    expect(body).toMatchObject({ quota: 3, used: 3, remaining: 0, window_seconds: 86400 });
    const [oldest] = await api.deps.db.db.select({ createdAt: composes.createdAt }).from(composes).where(eq(composes.id, ids[0]!));
    expect(body.next_slot_at).toBe(new Date(oldest!.createdAt.getTime() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect((await post(api, "tight-org")).status).toBe(403);
    // Out of the window: counted no more.
    await api.deps.db.db.execute(sql`update composes set created_at = now() - interval '25 hours' where id = ${ids[0]}`);
    expect(await quota(api, "tight-org")).toEqual({ quota: 3, used: 2, remaining: 1, window_seconds: 86400, next_slot_at: null });
  });

  it("a quota of 0 has no next slot", async () => {
    expect(await quota(api, "zero-org")).toEqual({ quota: 0, used: 0, remaining: 0, window_seconds: 1209600, next_slot_at: null });
  });

  it("without a quota file: quota and remaining are null, the use is still counted", async () => {
    expect((await post(unlimited, "free-org")).status).toBe(201);
    expect(await quota(unlimited, "free-org")).toEqual({ quota: null, used: 1, remaining: null, window_seconds: 1209600, next_slot_at: null });
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await api.request("/openapi.json")).json()) as { paths: Record<string, { get?: { operationId: string } }> };
    expect(doc.paths["/quota"]?.get?.operationId).toBe("getQuota");
  });
});
