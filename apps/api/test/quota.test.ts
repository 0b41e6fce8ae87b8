import { randomUUID } from "node:crypto";
import { composes, count, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, tempQuotaFile, TWO_WEEKS_NS, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const URL = "/api/image-builder/v1/compose";
const ONE_DAY_NS = 86_400_000_000_000;
const quotas = {
  default: { quota: 10, slidingWindow: TWO_WEEKS_NS },
  "zero-org": { quota: 0, slidingWindow: TWO_WEEKS_NS },
  "small-org": { quota: 2, slidingWindow: TWO_WEEKS_NS },
  "daily-org": { quota: 1, slidingWindow: ONE_DAY_NS },
};

let api: TestApi;
const quotaFile = tempQuotaFile(quotas);
beforeAll(async () => {
  api = await startTestApi({ QUOTA_FILE: quotaFile.file });
  useTestCatalog(api);
});
afterAll(async () => {
  await api.close();
  quotaFile.cleanup();
});

const post = (orgId: string) => api.request(URL, { method: "POST", json: composeBody(), orgId });
const quotaError = (quota: number, days: number) => ({
  errors: [{ title: "403", detail: `Quota of ${quota} builds per ${days} days exceeded for user` }],
});
async function rowsOf(orgId: string): Promise<number> {
  const [row] = await api.deps.db.db.select({ n: count() }).from(composes).where(eq(composes.orgId, orgId));
  return row!.n;
}

describe("quota", () => {
  it("admits exactly the quota out of 50 concurrent requests", async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => post("burst-org")));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 403)).toHaveLength(40);
    for (const res of responses.filter((r) => r.status === 403)) {
      expect(await res.json()).toEqual(quotaError(10, 14));
    }
    expect(await rowsOf("burst-org")).toBe(10);
  });

  it("counts each org on its own under concurrency", async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => post(i % 2 === 0 ? "even-org" : "odd-org")),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(20);
    expect(await rowsOf("even-org")).toBe(10);
    expect(await rowsOf("odd-org")).toBe(10);
  });

  it("blocks everything with a quota of 0", async () => {
    const res = await post("zero-org");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(quotaError(0, 14));
  });

  it("still counts deleted composes", async () => {
    const first = (await (await post("small-org")).json()) as { id: string };
    expect((await post("small-org")).status).toBe(201);
    const del = await api.request(`/api/image-builder/v1/composes/${first.id}`, { method: "DELETE", orgId: "small-org" });
    expect(del.status).toBe(200);
    const res = await post("small-org");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(quotaError(2, 14));
  });

  it("counts only the composes inside the sliding window", async () => {
    await api.deps.db.db.insert(composes).values({
      id: randomUUID(),
      orgId: "daily-org",
      request: composeBody(),
      createdAt: new Date(Date.now() - 2 * 86_400_000),
    });
    expect((await post("daily-org")).status).toBe(201);
    const res = await post("daily-org");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(quotaError(1, 1));
  });

  it("applies an edited file to the next compose", async () => {
    expect((await post("edited-org")).status).toBe(201);
    quotaFile.write({ ...quotas, "edited-org": { quota: 1, slidingWindow: TWO_WEEKS_NS } });
    expect((await post("edited-org")).status).toBe(403);
    quotaFile.write({ ...quotas, "edited-org": { quota: 100, slidingWindow: TWO_WEEKS_NS } });
    expect((await post("edited-org")).status).toBe(201);
    quotaFile.write(quotas);
  });

  it("answers 500 (and stores nothing) while the file is broken, and recovers", async () => {
    const broken: [string, unknown][] = [
      ["not JSON", "{"],
      ["a bad entry", { default: { quota: "ten", slidingWindow: TWO_WEEKS_NS } }],
      ["no default for this org", { "other-org": { quota: 5, slidingWindow: TWO_WEEKS_NS } }],
    ];
    for (const [why, content] of broken) {
      quotaFile.write(content);
      const res = await post("broken-org");
      expect(res.status, why).toBe(500);
      expect(await res.json()).toEqual({ errors: [{ title: "500", detail: "Internal Server Error" }] });
    }
    expect(await rowsOf("broken-org")).toBe(0);
    quotaFile.write(quotas);
    expect((await post("broken-org")).status).toBe(201);
  });
});

describe("quota file missing", () => {
  it("answers 500 for composes, not a crash", async () => {
    const missing = await startTestApi({ QUOTA_FILE: "/nonexistent/quotas.json" });
    try {
      useTestCatalog(missing);
      const res = await missing.request(URL, { method: "POST", json: composeBody() });
      expect(res.status).toBe(500);
      // Reads do not depend on the quota file.
      expect((await missing.request("/api/image-builder/v1/composes")).status).toBe(200);
    } finally {
      await missing.close();
    }
  });
});
