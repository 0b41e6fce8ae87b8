import { randomUUID } from "node:crypto";
import { and, composes, count, eq, idempotencyKeys, sql } from "@ib/db";
import { deleteExpiredIdempotencyKeys } from "@ib/core/idempotency";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintBody, blueprintClient, twoImageBlueprint, V1 } from "./blueprints.fixtures";
import { composeBody, tempQuotaFile, TWO_WEEKS_NS, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const quotaFile = tempQuotaFile({
  default: { quota: 100, slidingWindow: TWO_WEEKS_NS },
  "one-slot-org": { quota: 1, slidingWindow: TWO_WEEKS_NS },
});

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ QUOTA_FILE: quotaFile.file });
  useTestCatalog(api);
});
afterAll(async () => {
  await api.close();
  quotaFile.cleanup();
});

const newKey = () => `"${randomUUID()}"`;
const post = (orgId: string, key: string | undefined, body: unknown = composeBody()) =>
  api.request(`${V1}/compose`, { method: "POST", json: body, orgId, headers: key === undefined ? {} : { "idempotency-key": key } });

async function composesOf(orgId: string): Promise<number> {
  const [row] = await api.deps.db.db.select({ n: count() }).from(composes).where(eq(composes.orgId, orgId));
  return row!.n;
}

async function quotaUsed(orgId: string): Promise<{ used: number; remaining: number | null }> {
  const res = await api.request(`${V1}/quota`, { orgId });
  expect(res.status).toBe(200);
  return (await res.json()) as { used: number; remaining: number | null };
}

async function keyRow(orgId: string, key: string) {
  const [row] = await api.deps.db.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, key)));
  return row;
}

describe("Idempotency-Key on POST /compose", () => {
  it("20 concurrent requests with one key make one compose and use one quota slot", async () => {
    const key = newKey();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post("burst-org", key)));
    const created = responses.filter((r) => r.status === 201);
    const busy = responses.filter((r) => r.status === 409);
    expect(created.length + busy.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(await Promise.all(created.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    for (const res of busy) {
      expect(res.headers.get("retry-after")).toBe("1");
      expect(await res.json()).toEqual({
        errors: [{ title: "409", detail: "A request with this Idempotency-Key is still being processed; retry it later" }],
      });
    }
    expect(await composesOf("burst-org")).toBe(1);
    expect(await quotaUsed("burst-org")).toMatchObject({ used: 1, remaining: 99 });

    // Once the first has finished, every retry gets its answer.
    const again = await Promise.all(Array.from({ length: 5 }, () => post("burst-org", key)));
    for (const res of again) {
      expect(res.status).toBe(201);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      expect(await res.json()).toEqual({ id: [...ids][0] });
    }
    expect(await composesOf("burst-org")).toBe(1);
  });

  it("replays the first 201 body for the same body, whatever its key order and spacing", async () => {
    const key = newKey();
    const first = await post("replay-org", key);
    expect(first.status).toBe(201);
    const body = await first.text();
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const reordered = `{"image_requests":[{"upload_request":{"options":{},"type":"aws.s3"},"image_type":"guest-image","architecture":"x86_64"}],  "distribution":"rhel-9"}`;
    const replay = await api.request(`${V1}/compose`, {
      method: "POST",
      orgId: "replay-org",
      body: reordered,
      headers: { "content-type": "application/json", "idempotency-key": key },
    });
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(body);
    expect(await composesOf("replay-org")).toBe(1);
    expect((await quotaUsed("replay-org")).used).toBe(1);
    expect(await keyRow("replay-org", JSON.parse(key) as string)).toMatchObject({ state: "completed", answerStatus: 201, answer: JSON.parse(body) });
  });

  it("answers 422 in the upstream shape for the same key with another body, and creates nothing", async () => {
    const key = newKey();
    expect((await post("mismatch-org", key)).status).toBe(201);
    const other = await post("mismatch-org", key, composeBody({ image_name: "another" }));
    expect(other.status).toBe(422);
    expect(await other.json()).toEqual({
      errors: [{ title: "422", detail: "This Idempotency-Key was already used with a different request; use a new key for a new request" }],
    });
    expect(await composesOf("mismatch-org")).toBe(1);
  });

  it("keeps each org's keys apart", async () => {
    const key = newKey();
    const a = await post("org-a", key);
    const b = await post("org-b", key, composeBody({ image_name: "b's own" }));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const [idA, idB] = [((await a.json()) as { id: string }).id, ((await b.json()) as { id: string }).id];
    expect(idA).not.toBe(idB);
    expect(await composesOf("org-a")).toBe(1);
    expect(await composesOf("org-b")).toBe(1);
  });

  it("does not keep the key of a request that failed: a retry with it runs anew", async () => {
    const key = newKey();
    // 400 from the core rules (a distribution this catalog does not have): the key is released.
    const refused = await post("retry-org", key, composeBody({ distribution: "rhel-1" }));
    expect(refused.status).toBe(400);
    expect(await keyRow("retry-org", JSON.parse(key) as string)).toBeUndefined();
    const fixed = await post("retry-org", key);
    expect(fixed.status).toBe(201);

    // 403 quota exceeded: released too, and the replay of the success costs no slot.
    const slotKey = newKey();
    expect((await post("one-slot-org", slotKey)).status).toBe(201);
    const full = await post("one-slot-org", newKey());
    expect(full.status).toBe(403);
    expect(await api.deps.db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.orgId, "one-slot-org"))).toHaveLength(1);
    expect((await post("one-slot-org", slotKey)).status).toBe(201);
    expect(await composesOf("one-slot-org")).toBe(1);
  });

  it("without the header, every request makes a compose, as before", async () => {
    expect((await post("plain-org", undefined)).status).toBe(201);
    expect((await post("plain-org", undefined)).status).toBe(201);
    expect(await composesOf("plain-org")).toBe(2);
    expect(await api.deps.db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.orgId, "plain-org"))).toHaveLength(0);
  });

  it.each([
    ["an unquoted token", "8e03978e-40d5-43e8-bc93-6894a57f9324"],
    ["an empty string", '""'],
    ["an unterminated string", '"abc'],
    ["a number", "42"],
    ["a string of more than 255 characters", `"${"k".repeat(256)}"`],
    ["a list of two strings", '"a", "b"'],
  ])("answers 400 for a malformed key: %s", async (_, key) => {
    const res = await post("malformed-org", key);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { title: string; detail: string }[] };
    expect(body.errors[0]!.title).toBe("400");
    expect(body.errors[0]!.detail).toMatch(/^parameter "idempotency-key" in header has an error: must be a quoted Structured Field string/);
    expect(await composesOf("malformed-org")).toBe(0);
  });

  it("accepts a key with parameters and escapes (RFC 8941), keyed by the string alone", async () => {
    const first = await post("sf-org", '"a\\"quoted\\\\key";v=1');
    expect(first.status).toBe(201);
    const again = await post("sf-org", '"a\\"quoted\\\\key"');
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await keyRow("sf-org", 'a"quoted\\key')).toMatchObject({ state: "completed" });
  });

  it("forgets a key after 24 hours: lazily when it is used again, and by the sweep", async () => {
    const key = newKey();
    expect((await post("expiry-org", key)).status).toBe(201);
    await api.deps.db.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where org_id = 'expiry-org'`);
    const reused = await post("expiry-org", key, composeBody({ image_name: "a new request" }));
    expect(reused.status).toBe(201);
    expect(await composesOf("expiry-org")).toBe(2);

    await api.deps.db.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where org_id = 'expiry-org'`);
    const fresh = newKey();
    expect((await post("expiry-org", fresh)).status).toBe(201);
    expect(await deleteExpiredIdempotencyKeys(api.deps.db.db, { limit: 1000 })).toBeGreaterThanOrEqual(1);
    expect(await keyRow("expiry-org", JSON.parse(key) as string)).toBeUndefined();
    expect(await keyRow("expiry-org", JSON.parse(fresh) as string)).toBeDefined();
  });

  it("takes over a key left in progress beyond its lease by a request that never ended", async () => {
    const key = "left-behind";
    await api.deps.db.db.execute(sql`
      insert into idempotency_keys (org_id, key, fingerprint, token, updated_at)
      values ('crashed-org', ${key}, 'x', gen_random_uuid(), now() - interval '10 minutes')`);
    const res = await post("crashed-org", `"${key}"`);
    expect(res.status).toBe(201);
    expect(await composesOf("crashed-org")).toBe(1);

    await api.deps.db.db.execute(sql`
      insert into idempotency_keys (org_id, key, fingerprint, token) values ('crashed-org', 'running', 'x', gen_random_uuid())`);
    expect((await post("crashed-org", '"running"')).status).toBe(422);
  });
});

describe("Idempotency-Key on POST /blueprints/{id}/compose", () => {
  const bp = () => blueprintClient(api);

  it("concurrent requests with one key compose the blueprint once; a replay answers the same ids", async () => {
    const id = await bp().createOk(twoImageBlueprint(), { orgId: "bp-org" });
    const key = newKey();
    const init = { orgId: "bp-org", headers: { "idempotency-key": key } };
    const results = await Promise.all(Array.from({ length: 20 }, () => bp().compose(id, undefined, init)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length + results.filter((r) => r.status === 409).length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const answer = created[0]!.body;
    expect(answer).toHaveLength(2);
    for (const r of created) expect(r.body).toEqual(answer);
    expect(await composesOf("bp-org")).toBe(2);
    expect((await quotaUsed("bp-org")).used).toBe(2);

    const replay = await bp().compose(id, undefined, init);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(answer);
    expect(await composesOf("bp-org")).toBe(2);
  });

  it("another selection of image types, another blueprint or another client with the key: 422", async () => {
    const id = await bp().createOk(twoImageBlueprint(), { orgId: "bp-mismatch-org" });
    const other = await bp().createOk(blueprintBody(), { orgId: "bp-mismatch-org" });
    const key = newKey();
    const init = { orgId: "bp-mismatch-org", headers: { "idempotency-key": key } };
    expect((await bp().compose(id, undefined, init)).status).toBe(201);
    const narrowed = await bp().compose(id, { image_types: ["guest-image"] }, init);
    expect(narrowed.status).toBe(422);
    expect(narrowed.body.errors?.[0]?.title).toBe("422");
    expect((await bp().compose(other, undefined, init)).status).toBe(422);
    expect((await bp().compose(id, undefined, { ...init, headers: { ...init.headers, "x-imagebuilder-ui": "true" } })).status).toBe(422);
    // The same key on POST /compose is another request too.
    expect((await post("bp-mismatch-org", key)).status).toBe(422);
    expect(await composesOf("bp-mismatch-org")).toBe(2);
  });

  it("another blueprint's 404 does not keep the key", async () => {
    const key = newKey();
    const init = { orgId: "bp-404-org", headers: { "idempotency-key": key } };
    expect((await bp().compose(randomUUID(), undefined, init)).status).toBe(404);
    const id = await bp().createOk(blueprintBody(), { orgId: "bp-404-org" });
    expect((await bp().compose(id, undefined, init)).status).toBe(201);
  });
});

describe("the OpenAPI document", () => {
  it("documents the header on both operations, with the 409 and 422 answers", async () => {
    const res = await api.request(`${V1}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
    for (const op of [doc.paths["/compose"]!.post!, doc.paths["/blueprints/{id}/compose"]!.post!]) {
      expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "idempotency-key", in: "header" })]));
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["201", "409", "422"]));
    }
  });
});
