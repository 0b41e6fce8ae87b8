import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeIdentity } from "@ib/core";
import { cancelledError } from "@ib/core/compose-build";
import { composes, eq, sql } from "@ib/db";
import { lenientDatabaseDeadlines } from "@ib/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestImage, waitForEnd } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { isFinal, openStatusStream, statusData, statusEventsOf } from "./support/status-streams";
import { waitFor } from "./support/wait";

const lifecycle = ["pending", "building", "uploading", "registering", "success"];
const CAP = 4;
/** Rate-limit counters live in Redis beyond one run: an org of this run alone. */
const READ_LIMITED_ORG = `sse-read-limited-${randomUUID().slice(0, 8)}`;

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ib-sse-e2e-"));
  const rateLimitFile = path.join(dir, "rate-limits.json");
  writeFileSync(rateLimitFile, JSON.stringify({ [READ_LIMITED_ORG]: { reads: { limit: 2, windowSeconds: 300 } } }));
  stack = await startStack({
    // Builds of a few seconds with progress steps, so a stream sees several states.
    simEnv: { TIME_SCALE: "0.01" },
    apiEnv: {
      ...lenientDatabaseDeadlines,
      SSE_HEARTBEAT_MS: "200", SSE_MAX_STREAMS_PER_ORG: String(CAP), RATE_LIMIT_FILE: rateLimitFile, SHUTDOWN_GRACE_MS: "5000" },
  });
  await stack.startApi();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

const rowMicros = async (id: string) => {
  const [row] = await stack.db.db
    .select({ micros: sql<string>`(floor(extract(epoch from ${composes.updatedAt}) * 1000000))::bigint::text` })
    .from(composes)
    .where(eq(composes.id, id));
  return row!.micros;
};

describe("compose status events over SSE, API replicas fed by the worker through Redis", () => {
  it("carries every change in order through to success, the same events on both replicas", async () => {
    const [a, b] = stack.apis;
    const orgA = await openStatusStream(a!.url, "/composes/events", "sse-order");
    const orgB = await openStatusStream(b!.url, "/composes/events", "sse-order");
    expect(orgA.status).toBe(200);
    expect(orgA.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await Promise.all([orgA.waitFor((e) => e.event === "ready", 10_000), orgB.waitFor((e) => e.event === "ready", 10_000)]);

    const id = await stack.createCompose(guestImage(), "sse-order");
    const onA = await openStatusStream(a!.url, `/composes/${id}/events`, "sse-order");
    const onB = await openStatusStream(b!.url, `/composes/${id}/events`, "sse-order");
    // A compose stream ends by itself after the final state.
    await Promise.all([onA.ended, onB.ended]);
    await waitForEnd(stack, id);
    const final = (e: { event?: string; data: string }) => e.event === "status" && statusData(e as never).id === id && statusData(e as never).image_status.status === "success";
    await Promise.all([orgA.waitFor(final, 10_000), orgB.waitFor(final, 10_000)]);

    for (const client of [onA, onB, orgA, orgB]) {
      const events = statusEventsOf(client, id);
      const states = events.map((e) => statusData(e).image_status);
      expect(states.at(-1)?.status).toBe("success");
      const ranks = states.map((s) => lifecycle.indexOf(s.status));
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      const ids = events.map((e) => BigInt(e.id!));
      expect(ids.every((v, i) => i === 0 || v > ids[i - 1]!)).toBe(true);
      const progress = states
        .filter((s) => s.status === "building")
        .map((s) => (s.progress?.done ?? 0) * 100_000 + ((s.progress as { subprogress?: { done: number } } | undefined)?.subprogress?.done ?? 0));
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
    }
    // The worker wrote several states; both replicas passed on exactly the same ones.
    const seen = (c: typeof orgA) => statusEventsOf(c, id).map((e) => [e.id, e.data]);
    expect(seen(orgA).length).toBeGreaterThan(2);
    expect(seen(orgB)).toEqual(seen(orgA));
    // The last event is the stored state: its id is the row's updated_at, its data what GET answers.
    const last = statusEventsOf(onA, id).at(-1)!;
    expect(last.id).toBe(await rowMicros(id));
    const current = (await (await stack.request(`/composes/${id}`, { orgId: "sse-order" })).json()) as { image_status: unknown };
    expect(statusData(last).image_status).toEqual(current.image_status);
    expect(orgA.comments).toContain("heartbeat");
    orgA.close();
    orgB.close();
  });

  it("resumes from Last-Event-ID: the current state of what changed since, then 204 once finished", async () => {
    const [a, b] = stack.apis;
    const id = await stack.createCompose(guestImage(), "sse-resume");
    const first = await openStatusStream(a!.url, `/composes/${id}/events`, "sse-resume");
    const seen = await first.waitFor((e) => e.event === "status", 10_000);
    expect(isFinal(statusData(seen).image_status.status)).toBe(false);
    first.close();
    await waitForEnd(stack, id);

    // On the other replica: one event, the stored final state, and the stream ends.
    const resumed = await openStatusStream(b!.url, `/composes/${id}/events`, "sse-resume", seen.id);
    await resumed.ended;
    expect(resumed.events.map((e) => [e.event, e.id, statusData(e).image_status.status])).toEqual([["status", await rowMicros(id), "success"]]);
    const again = await openStatusStream(a!.url, `/composes/${id}/events`, "sse-resume", resumed.events[0]!.id);
    expect(again.status).toBe(204);

    // The org stream: what was written while the client was away, each compose's current state once.
    const org = await openStatusStream(a!.url, "/composes/events", "sse-resume");
    const ready = await org.waitFor((e) => e.event === "ready", 10_000);
    org.close();
    const later = await stack.createCompose(guestImage(), "sse-resume");
    await waitForEnd(stack, later);
    const back = await openStatusStream(b!.url, "/composes/events", "sse-resume", ready.id);
    const replayed = await back.waitFor((e) => e.event === "status" && statusData(e).id === later, 10_000);
    expect(statusData(replayed).image_status.status).toBe("success");
    expect(statusEventsOf(back, later)).toHaveLength(1);
    back.close();
  });

  it("a cancel written by one API replica reaches the streams of the other as the final state", async () => {
    const [a, b] = stack.apis;
    const id = await stack.createCompose(guestImage(), "sse-cancel");
    const onB = await openStatusStream(b!.url, `/composes/${id}/events`, "sse-cancel");
    await onB.waitFor((e) => e.event === "status", 10_000);
    const cancel = await fetch(`${a!.url}/api/image-builder/v1/composes/${id}/cancel`, {
      method: "POST",
      headers: { "x-rh-identity": encodeIdentity({ orgId: "sse-cancel" }) },
    });
    expect(cancel.status).toBe(202);
    await onB.ended;
    const last = statusData(statusEventsOf(onB, id).at(-1)!).image_status;
    expect(last).toMatchObject({ status: "failure", error: cancelledError });
  });

  it("answers upstream's 404 for another org's compose and for unknown ids; no stream opens", async () => {
    const id = await stack.createCompose(guestImage(), "sse-owner");
    const other = await openStatusStream(stack.apiUrl, `/composes/${id}/events`, "sse-intruder");
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text!)).toEqual({ errors: [{ detail: `Compose entry ${id} not found compose entry not found`, title: "404" }] });
    const unknown = await openStatusStream(stack.apiUrl, "/composes/not-a-uuid/events", "sse-owner");
    expect(unknown.status).toBe(404);
    // Without an identity: the API's 401 before anything else.
    const anonymous = await fetch(`${stack.apiUrl}/api/image-builder/v1/composes/events`);
    expect(anonymous.status).toBe(401);
  });

  it(`caps an org at ${CAP} open streams across both replicas with 429; a closed one frees its place`, async () => {
    const [a, b] = stack.apis;
    const open = [];
    for (let i = 0; i < CAP; i++) open.push(await openStatusStream((i % 2 ? b : a)!.url, "/composes/events", "sse-capped"));
    expect(open.map((c) => c.status)).toEqual(Array(CAP).fill(200));
    for (const url of [a!.url, b!.url]) {
      const refused = await openStatusStream(url, "/composes/events", "sse-capped");
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.text!)).toEqual({ errors: [{ detail: `Too many open event streams: at most ${CAP} per organization`, title: "429" }] });
    }
    // Another org is not held back by this one.
    const elsewhere = await openStatusStream(b!.url, "/composes/events", "sse-uncapped");
    expect(elsewhere.status).toBe(200);
    elsewhere.close();

    open[0]!.close();
    const reopened = await waitFor(
      "a place to free up",
      async () => {
        const client = await openStatusStream(b!.url, "/composes/events", "sse-capped");
        return client.status === 200 ? client : undefined;
      },
      10_000,
      100,
    );
    for (const client of [...open, reopened]) client.close();
  });

  it("counts opening a stream as one read of the rate limit, whatever it carries afterwards", async () => {
    const stream = await openStatusStream(stack.apiUrl, "/composes/events", READ_LIMITED_ORG);
    expect(stream.status).toBe(200);
    await waitFor("heartbeats", async () => stream.comments.length >= 3, 10_000);
    expect((await stack.request("/composes", { orgId: READ_LIMITED_ORG })).status).toBe(200);
    const third = await stack.request("/composes", { orgId: READ_LIMITED_ORG });
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    stream.close();
  });

  it("ends every stream at SIGTERM, so the replica drains and exits 0 within its grace", async () => {
    const replica = await stack.startApi();
    const id = await stack.createCompose(guestImage(), "sse-drain");
    const streams = [
      await openStatusStream(replica.url, "/composes/events", "sse-drain"),
      await openStatusStream(replica.url, `/composes/${id}/events`, "sse-drain"),
    ];
    await Promise.all(streams.map((s) => s.waitFor(() => true, 10_000)));
    replica.kill("SIGTERM");
    await Promise.all(streams.map((s) => s.ended));
    // 0: every connection closed within the grace (a stream still open then would be cut: exit 1).
    expect((await replica.exited).code).toBe(0);
  });
});
