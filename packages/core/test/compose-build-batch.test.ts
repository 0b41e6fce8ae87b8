import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComposeStatusEvent } from "../src/compose-events";
import { claimSubmission, recordComposeStatus, recordSubmission } from "../src/compose-build";
import { rowBatcher } from "../src/compose-build/row-batcher";
import { insertCompose, openTestDb, readCompose, type ComposeBuildTestDb } from "./compose-build.fixtures";

/** A batcher over a fake statement that records every statement it ran. */
function recorder(opts: { maxRows?: number; fail?: (rows: string[]) => unknown } = {}) {
  const statements: string[][] = [];
  const write = rowBatcher<string, string>({
    key: (row) => row.split(":")[0]!,
    maxRows: opts.maxRows ?? 10,
    async run(rows) {
      statements.push(rows);
      const failure = opts.fail?.(rows);
      if (failure) throw failure;
      return new Map(rows.filter((r) => !r.endsWith(":skip")).map((r) => [r.split(":")[0]!, `wrote ${r}`]));
    },
  });
  return { write, statements };
}

/** What postgres.js throws when PostgreSQL rejects a statement, as drizzle wraps it. */
function serverError(message: string): Error {
  const cause = Object.assign(new Error(message), { name: "PostgresError", code: "22P02" });
  return new Error(`Failed query: ${message}`, { cause });
}

describe("row batcher", () => {
  it("runs the calls of one turn as one statement, in key order, each getting its own row", async () => {
    const { write, statements } = recorder();
    const results = await Promise.all(["c:1", "a:1", "b:skip"].map((row) => write(row)));
    expect(statements).toEqual([["a:1", "b:skip", "c:1"]]);
    expect(results).toEqual(["wrote c:1", "wrote a:1", undefined]);
    await write("d:1");
    expect(statements).toHaveLength(2);
  });

  it("never puts two calls for the same row into one statement", async () => {
    const { write, statements } = recorder();
    const results = await Promise.all([write("a:1"), write("a:2"), write("b:1"), write("a:3")]);
    expect(results).toEqual(["wrote a:1", "wrote a:2", "wrote b:1", "wrote a:3"]);
    expect(statements).toHaveLength(3);
    for (const rows of statements) expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });

  it("splits at maxRows", async () => {
    const { write, statements } = recorder({ maxRows: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => write(`${String(i).padStart(2, "0")}:x`)));
    expect(statements.map((s) => s.length)).toEqual([4, 4, 2]);
  });

  it("retries the rows of a statement PostgreSQL rejected one by one: only the bad row fails", async () => {
    const { write, statements } = recorder({ fail: (rows) => (rows.includes("b:bad") ? serverError("invalid input syntax for type uuid") : undefined) });
    const results = await Promise.allSettled(["a:1", "b:bad", "c:1"].map((row) => write(row)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason.message).toContain("invalid input syntax");
    expect(statements).toEqual([["a:1", "b:bad", "c:1"], ["a:1"], ["b:bad"], ["c:1"]]);
  });

  it("fails every call of a statement whose outcome is unknown (connection lost), without retrying", async () => {
    const lost = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
    const { write, statements } = recorder({ fail: () => lost });
    const results = await Promise.allSettled(["a:1", "b:1"].map((row) => write(row)));
    expect(results.every((r) => r.status === "rejected" && r.reason === lost)).toBe(true);
    expect(statements).toHaveLength(1);
  });
});

describe("batched compose writes on PostgreSQL", () => {
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

  it("claims, records and finishes many composes at once, each as if alone", async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => insertCompose(t.handle)));
    const claims = await Promise.all(ids.map((id) => claimSubmission(writer(), { composeId: id, leaseMs: 60_000 })));
    expect(claims.every((c) => c.kind === "claimed")).toBe(true);
    const composerIds = ids.map(() => randomUUID());
    const recorded = await Promise.all(
      ids.map((id, i) => {
        const c = claims[i]!;
        // Every fourth holds a stale token: its guard fails, the others' do not.
        const token = i % 4 === 0 ? "2000-01-01 00:00:00+00" : c.kind === "claimed" ? c.claim.token : "";
        return recordSubmission(db(), { composeId: id, token, composerId: composerIds[i]! });
      }),
    );
    expect(recorded).toEqual(ids.map((_, i) => i % 4 !== 0));
    const finished = await Promise.all(
      ids.map((id, i) =>
        recordComposeStatus(writer(), {
          composeId: id,
          composerId: composerIds[i]!,
          update: { status: i % 2 ? "success" : "building", metadata: i % 2 ? { packages: [{ name: `p${i}` }] } : undefined },
        }),
      ),
    );
    expect(finished).toEqual(ids.map((_, i) => i % 4 !== 0));
    for (const [i, id] of ids.entries()) {
      const row = await readCompose(t.handle, id);
      if (i % 4 === 0) {
        expect(row).toMatchObject({ status: "pending", composerId: null });
      } else {
        expect(row).toMatchObject({ composerId: composerIds[i], status: i % 2 ? "success" : "building" });
        expect(row?.metadata).toEqual(i % 2 ? { packages: [{ name: `p${i}` }] } : null);
        expect(row?.finishedAt instanceof Date).toBe(i % 2 === 1);
      }
    }
  });

  it("a value PostgreSQL refuses fails its own write only", async () => {
    const good = await insertCompose(t.handle);
    const bad = await insertCompose(t.handle);
    const [a, b] = await Promise.all([claimSubmission(writer(), { composeId: good, leaseMs: 60_000 }), claimSubmission(writer(), { composeId: bad, leaseMs: 60_000 })]);
    if (a?.kind !== "claimed" || b?.kind !== "claimed") throw new Error("both claims should hold");
    const composerId = randomUUID();
    const results = await Promise.allSettled([
      recordSubmission(db(), { composeId: good, token: a.claim.token, composerId }),
      recordSubmission(db(), { composeId: bad, token: b.claim.token, composerId: "not-a-uuid" }),
    ]);
    expect(results[0]).toEqual({ status: "fulfilled", value: true });
    expect(results[1]?.status).toBe("rejected");
    expect((await readCompose(t.handle, good))?.composerId).toBe(composerId);
    expect((await readCompose(t.handle, bad))?.composerId).toBeNull();
  });
});
