import { randomUUID } from "node:crypto";
import { composes, eq, sql } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComposeStatusEvent } from "../src/compose-events";
import {
  claimSubmission,
  composeFailureIds,
  deleteExpiredComposes,
  failCompose,
  failStuckComposes,
  listStaleComposes,
  markComposesChecked,
  recordComposeStatus,
  recordSubmission,
  releaseSubmissionClaim,
} from "../src/compose-build";
import { insertBlueprintVersion, insertCompose, openTestDb, readCompose, sampleRequest, type ComposeBuildTestDb } from "./compose-build.fixtures";

let t: ComposeBuildTestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});
const db = () => t.handle.db;
const published: ComposeStatusEvent[] = [];
const writer = () => ({ db: t.handle.db, events: { publish: (events: readonly ComposeStatusEvent[]) => void published.push(...events) } });
const LEASE = 60_000;

describe("claimSubmission", () => {
  it("claims a pending compose once per lease and hands over what the submission needs", async () => {
    const id = await insertCompose(t.handle);
    const first = await claimSubmission(writer(), { composeId: id, leaseMs: LEASE });
    expect(first.kind).toBe("claimed");
    if (first.kind !== "claimed") return;
    expect(first.claim).toMatchObject({ orgId: "000000", request: sampleRequest, blueprintId: null });
    expect(first.claim.token).toMatch(/^\d{4}-\d\d-\d\d /);
    const row = await readCompose(t.handle, id);
    expect(row?.submittedAt).toBeInstanceOf(Date);

    const second = await claimSubmission(writer(), { composeId: id, leaseMs: LEASE });
    expect(second.kind).toBe("leased");
    if (second.kind === "leased") {
      expect(second.retryInMs).toBeGreaterThan(LEASE - 5_000);
      expect(second.retryInMs).toBeLessThanOrEqual(LEASE);
    }
  });

  it("lets exactly one of many concurrent claimants win", async () => {
    const id = await insertCompose(t.handle);
    const results = await Promise.all(Array.from({ length: 25 }, () => claimSubmission(writer(), { composeId: id, leaseMs: LEASE })));
    expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "leased")).toHaveLength(24);
  });

  it("joins the blueprint id of a blueprint compose", async () => {
    const { blueprintId, versionId } = await insertBlueprintVersion(t.handle);
    const id = await insertCompose(t.handle, { blueprintVersionId: versionId });
    const result = await claimSubmission(writer(), { composeId: id, leaseMs: LEASE });
    expect(result.kind === "claimed" && result.claim.blueprintId).toBe(blueprintId);
  });

  it("re-claims after the lease ran out; the stale claimant can no longer record", async () => {
    const id = await insertCompose(t.handle);
    const first = await claimSubmission(writer(), { composeId: id, leaseMs: 50 });
    await new Promise((r) => setTimeout(r, 80));
    const second = await claimSubmission(writer(), { composeId: id, leaseMs: 50 });
    expect(first.kind).toBe("claimed");
    expect(second.kind).toBe("claimed");
    if (first.kind !== "claimed" || second.kind !== "claimed") return;
    expect(second.claim.token).not.toBe(first.claim.token);

    expect(await recordSubmission(db(), { composeId: id, token: first.claim.token, composerId: randomUUID() })).toBe(false);
    const composerId = randomUUID();
    expect(await recordSubmission(db(), { composeId: id, token: second.claim.token, composerId })).toBe(true);
    expect((await readCompose(t.handle, id))?.composerId).toBe(composerId);
    // Recording twice (a retried write) never replaces the id.
    expect(await recordSubmission(db(), { composeId: id, token: second.claim.token, composerId: randomUUID() })).toBe(false);
    expect(await claimSubmission(writer(), { composeId: id, leaseMs: 50 })).toEqual({ kind: "submitted", composerId });
  });

  it("a released claim can be taken again at once", async () => {
    const id = await insertCompose(t.handle);
    const first = await claimSubmission(writer(), { composeId: id, leaseMs: LEASE });
    if (first.kind !== "claimed") throw new Error("not claimed");
    await releaseSubmissionClaim(db(), { composeId: id, token: first.claim.token });
    expect((await claimSubmission(writer(), { composeId: id, leaseMs: LEASE })).kind).toBe("claimed");
  });

  it("reports finished, missing and deleted composes; a deleted one is failed, never built", async () => {
    const finished = await insertCompose(t.handle, { status: "success" });
    expect(await claimSubmission(writer(), { composeId: finished, leaseMs: LEASE })).toEqual({ kind: "done", reason: "finished" });
    expect(await claimSubmission(writer(), { composeId: randomUUID(), leaseMs: LEASE })).toEqual({ kind: "done", reason: "missing" });
    const deleted = await insertCompose(t.handle, { deleted: true });
    expect(await claimSubmission(writer(), { composeId: deleted, leaseMs: LEASE })).toEqual({ kind: "done", reason: "deleted" });
    const row = await readCompose(t.handle, deleted);
    expect(row?.status).toBe("failure");
    expect(row?.error).toMatchObject({ id: composeFailureIds.deletedBeforeSubmission });
    expect(row?.finishedAt).toBeInstanceOf(Date);
  });
});

describe("recordComposeStatus and failCompose", () => {
  async function submitted(): Promise<{ id: string; composerId: string }> {
    const composerId = randomUUID();
    const id = await insertCompose(t.handle, { composerId, submittedAt: new Date() });
    return { id, composerId };
  }

  it("writes status, progress and upload status while in flight; terminal sets finished_at", async () => {
    const { id, composerId } = await submitted();
    const progress = { done: 1, total: 4, subprogress: { done: 10, total: 120 } };
    expect(await recordComposeStatus(writer(), { composeId: id, composerId, update: { status: "building", progress } })).toBe(true);
    let row = await readCompose(t.handle, id);
    expect(row).toMatchObject({ status: "building", progress, uploadStatus: null, error: null, finishedAt: null });

    const uploadStatus = { status: "success" as const, type: "aws", options: { ami: "ami-0123", region: "us-east-1" } };
    const metadata = { packages: [{ name: "bash" }] };
    expect(await recordComposeStatus(writer(), { composeId: id, composerId, update: { status: "success", uploadStatus, metadata } })).toBe(true);
    row = await readCompose(t.handle, id);
    expect(row).toMatchObject({ status: "success", progress: null, uploadStatus, metadata });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    // SQL NULL, not a JSON null.
    const [raw] = await db().execute<{ isNull: boolean }>(sql`select progress is null as "isNull" from composes where id = ${id}`);
    expect(raw?.isNull).toBe(true);

    expect(await recordComposeStatus(writer(), { composeId: id, composerId, update: { status: "failure" } })).toBe(false);
    expect((await readCompose(t.handle, id))?.status).toBe("success");
  });

  it("ignores a status for another composer id", async () => {
    const { id } = await submitted();
    expect(await recordComposeStatus(writer(), { composeId: id, composerId: randomUUID(), update: { status: "building" } })).toBe(false);
    expect((await readCompose(t.handle, id))?.status).toBe("pending");
  });

  it("keeps stored metadata when a later write has none", async () => {
    const { id, composerId } = await submitted();
    await db().update(composes).set({ metadata: { packages: [] } }).where(eq(composes.id, id));
    await recordComposeStatus(writer(), { composeId: id, composerId, update: { status: "building" } });
    expect((await readCompose(t.handle, id))?.metadata).toEqual({ packages: [] });
  });

  it("fails an in-flight compose once; a finished one keeps its outcome", async () => {
    const { id } = await submitted();
    const error = { id: composeFailureIds.composeLost, reason: "lost" };
    expect(await failCompose(writer(), { composeId: id, error })).toBe(true);
    expect(await failCompose(writer(), { composeId: id, error: { id: 1, reason: "other" } })).toBe(false);
    expect((await readCompose(t.handle, id))?.error).toEqual(error);
  });
});

describe("reconciler queries", () => {
  it("pages through in-flight composes idle for longer than the threshold, oldest first", async () => {
    const local = await openTestDb();
    try {
      const idle = [];
      for (let i = 0; i < 5; i++) idle.push(await insertCompose(local.handle, { idleMs: 600_000 - i * 1_000 }));
      await insertCompose(local.handle, { idleMs: 600_000, status: "success" });
      await insertCompose(local.handle, { idleMs: 600_000, status: "failure" });
      await insertCompose(local.handle); // fresh
      const building = await insertCompose(local.handle, { idleMs: 10_000, status: "building", composerId: randomUUID() });

      const page1 = await listStaleComposes(local.handle.db, { staleMs: 5_000, limit: 4 });
      expect(page1.map((r) => r.id)).toEqual(idle.slice(0, 4));
      const last = page1.at(-1)!;
      const page2 = await listStaleComposes(local.handle.db, { staleMs: 5_000, limit: 4, after: { updatedAt: last.updatedAt, id: last.id } });
      expect(page2.map((r) => r.id)).toEqual([idle[4], building]);
      expect(page2[1]).toMatchObject({ status: "building", composerId: expect.any(String) });
      const page3 = await listStaleComposes(local.handle.db, {
        staleMs: 5_000,
        limit: 4,
        after: { updatedAt: page2.at(-1)!.updatedAt, id: page2.at(-1)!.id },
      });
      expect(page3).toEqual([]);
    } finally {
      await local.close();
    }
  });

  it("marking composes checked takes in-flight ones out of the stale set, finished ones untouched", async () => {
    const local = await openTestDb();
    try {
      const a = await insertCompose(local.handle, { idleMs: 600_000 });
      const b = await insertCompose(local.handle, { idleMs: 600_000 });
      const done = await insertCompose(local.handle, { idleMs: 600_000, status: "success" });
      const before = (await readCompose(local.handle, done))!.updatedAt;
      await markComposesChecked(local.handle.db, { ids: [a, done] });
      const stale = await listStaleComposes(local.handle.db, { staleMs: 5_000, limit: 10 });
      expect(stale.map((r) => r.id)).toEqual([b]);
      expect((await readCompose(local.handle, done))!.updatedAt).toEqual(before);
      await markComposesChecked(local.handle.db, { ids: [] });
    } finally {
      await local.close();
    }
  });

  it("fails only composes in flight beyond the ceiling, in bounded batches, with a clear error", async () => {
    const local = await openTestDb();
    try {
      const old = [
        await insertCompose(local.handle, { ageMs: 90_000_000 }),
        await insertCompose(local.handle, { ageMs: 90_000_000, status: "building", composerId: randomUUID() }),
        await insertCompose(local.handle, { ageMs: 90_000_000, status: "registering", composerId: randomUUID() }),
      ];
      const oldFinished = await insertCompose(local.handle, { ageMs: 90_000_000, status: "success" });
      const young = await insertCompose(local.handle, { ageMs: 1_000 });

      const first = await failStuckComposes({ db: local.handle.db, events: writer().events }, { ceilingMs: 86_400_000, limit: 2 });
      const second = await failStuckComposes({ db: local.handle.db, events: writer().events }, { ceilingMs: 86_400_000, limit: 2 });
      expect(first).toHaveLength(2);
      expect([...first, ...second].sort()).toEqual([...old].sort());
      expect(await failStuckComposes({ db: local.handle.db, events: writer().events }, { ceilingMs: 86_400_000, limit: 2 })).toEqual([]);
      const failedEvents = published.filter((e) => old.includes(e.id));
      expect(failedEvents.map((e) => e.id).sort()).toEqual([...old].sort());
      expect(failedEvents.every((e) => e.status === "failure" && e.orgId === "000000" && e.error?.id === composeFailureIds.timedOut)).toBe(true);

      const failed = await readCompose(local.handle, old[1]!);
      expect(failed?.status).toBe("failure");
      expect(failed?.error).toEqual({ id: composeFailureIds.timedOut, reason: "The compose did not finish within 24 hours" });
      expect((await readCompose(local.handle, oldFinished))?.status).toBe("success");
      expect((await readCompose(local.handle, young))?.status).toBe("pending");
    } finally {
      await local.close();
    }
  });

  it("concurrent stuck sweeps fail each compose once", async () => {
    const local = await openTestDb();
    try {
      for (let i = 0; i < 30; i++) await insertCompose(local.handle, { ageMs: 90_000_000 });
      const sweeps = await Promise.all(Array.from({ length: 4 }, () => failStuckComposes({ db: local.handle.db, events: writer().events }, { ceilingMs: 86_400_000, limit: 30 })));
      const all = sweeps.flat();
      expect(all).toHaveLength(30);
      expect(new Set(all).size).toBe(30);
    } finally {
      await local.close();
    }
  });
});

describe("published status", () => {
  it("every write of a visible state is published with the row's state and updated_at as the event id; refused writes are not", async () => {
    const id = await insertCompose(t.handle);
    const claim = await claimSubmission(writer(), { composeId: id, leaseMs: LEASE });
    if (claim.kind !== "claimed") throw new Error("not claimed");
    const composerId = randomUUID();
    await recordSubmission(db(), { composeId: id, token: claim.claim.token, composerId });
    const mine = () => published.filter((e) => e.id === id);
    expect(mine()).toEqual([]);

    const progress = { done: 2, total: 5 };
    expect(await recordComposeStatus(writer(), { composeId: id, composerId, update: { status: "building", progress } })).toBe(true);
    expect(await recordComposeStatus(writer(), { composeId: id, composerId: randomUUID(), update: { status: "success" } })).toBe(false);
    expect(await failCompose(writer(), { composeId: id, error: { id: 1, reason: "boom" } })).toBe(true);
    expect(await failCompose(writer(), { composeId: id, error: { id: 2, reason: "again" } })).toBe(false);
    const [building, failed] = mine();
    expect(mine()).toHaveLength(2);
    expect(building).toMatchObject({ orgId: "000000", status: "building", progress, uploadStatus: null, error: null });
    expect(failed).toMatchObject({ status: "failure", progress: null, error: { id: 1, reason: "boom" } });
    const [row] = await db().execute<{ micros: string }>(sql`select (floor(extract(epoch from updated_at) * 1000000))::bigint::text as micros from composes where id = ${id}`);
    expect(failed!.updatedAt).toBe(row!.micros);
    expect(BigInt(failed!.updatedAt)).toBeGreaterThanOrEqual(BigInt(building!.updatedAt));

    const deleted = await insertCompose(t.handle, { deleted: true });
    await claimSubmission(writer(), { composeId: deleted, leaseMs: LEASE });
    expect(published.filter((e) => e.id === deleted)).toMatchObject([{ status: "failure", error: { id: composeFailureIds.deletedBeforeSubmission } }]);
  });
});

describe("deleteExpiredComposes", () => {
  it("hard-deletes composes older than the retention, in batches, and nothing younger", async () => {
    const local = await openTestDb();
    try {
      const month = 31 * 86_400_000;
      const old = [];
      for (let i = 0; i < 5; i++) old.push(await insertCompose(local.handle, { ageMs: 25 * month, deleted: i % 2 === 0 }));
      const keep = await insertCompose(local.handle, { ageMs: 23 * month });
      const fresh = await insertCompose(local.handle);

      expect(await deleteExpiredComposes(local.handle.db, { months: 24, limit: 3 })).toBe(3);
      expect(await deleteExpiredComposes(local.handle.db, { months: 24, limit: 3 })).toBe(2);
      expect(await deleteExpiredComposes(local.handle.db, { months: 24, limit: 3 })).toBe(0);
      for (const id of old) expect(await readCompose(local.handle, id)).toBeUndefined();
      expect(await readCompose(local.handle, keep)).toBeDefined();
      expect(await readCompose(local.handle, fresh)).toBeDefined();
      expect(await deleteExpiredComposes(local.handle.db, { months: 1, limit: 10 })).toBe(1);
    } finally {
      await local.close();
    }
  });
});
