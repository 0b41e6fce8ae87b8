import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeIdentity } from "@ib/core";
import { createTestDatabase } from "@ib/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, lenientDatabaseDeadlines, PrivateRedis } from "@ib/testkit";
import { spawnApp, type AppProcess } from "../../worker/test/support/spawn-app";
import { waitFor } from "../../worker/test/support/wait";
import { startTestApi, type TestApi } from "./harness";

const dir = mkdtempSync(path.join(tmpdir(), "ib-rate-limit-"));
const v1 = "/api/image-builder/v1";

function rateLimitFile(content: unknown): string {
  const file = path.join(dir, `${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

/** Until the limiter's connection is up, requests pass unlimited (fail open). */
const limiterReady = (api: TestApi) => waitFor("the rate limiter's Redis", async () => api.deps.rateLimits?.redis.status === "ready", 10_000, 20);

/** Each test its own org, so budgets counted in the shared Redis never meet. */
const newOrg = () => `rl-${randomUUID().slice(0, 12)}`;

describe("per-org rate limits across two API processes", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const apis: { proc: AppProcess; url: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const file = rateLimitFile({ default: { reads: { limit: 10, windowSeconds: 60 } } });
    for (const name of ["api-a", "api-b"]) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const proc = await spawnApp({
        name,
        app: "api",
        logDir: path.join(dir, "logs"),
        env: {
          PORT: String(port),
          LISTEN_ADDRESS: `127.0.0.1:${port}`,
          DATABASE_URL: database.url,
          REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
          QUEUE_PREFIX: `{test-rl-${randomUUID().slice(0, 8)}}`,
          RATE_LIMIT_FILE: file,
          // Exactness is what this test checks: a loaded machine must not turn slow answers into fail-open passes.
          RATE_LIMIT_TIMEOUT_MS: "5000",
          ...lenientDatabaseDeadlines,
          DB_POOL_MAX: "5",
          LOG_LEVEL: "warn",
        },
        readyUrl: `${url}/ready`,
        readyTimeoutMs: 60_000,
      });
      apis.push({ proc, url });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.proc.stop()));
    await database?.drop();
  });

  it("lets exactly the limit through out of 50 concurrent reads; the rest get 429 with Retry-After", async () => {
    const identity = encodeIdentity({ orgId: newOrg() });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${apis[i % 2]!.url}${v1}/composes`, { headers: { "x-rh-identity": identity } }).then(async (res) => ({
          status: res.status,
          retryAfter: res.headers.get("retry-after"),
          policy: res.headers.get("ratelimit-policy"),
          limit: res.headers.get("ratelimit"),
          body: await res.json(),
        })),
      ),
    );
    const passed = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(passed, JSON.stringify(responses.filter((r) => r.status !== 200 && r.status !== 429).slice(0, 3))).toHaveLength(10);
    expect(limited).toHaveLength(40);
    for (const r of limited) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
      expect(r.policy).toBe('"reads";q=10;w=60');
      expect(r.limit).toMatch(/^"reads";r=0;t=\d+$/);
      expect(r.body).toEqual({ errors: [{ detail: expect.stringContaining("Rate limit of 10 reads per 60 seconds exceeded"), title: "429" }] });
    }
    // Every remaining count from 9 down to 0 was handed out once.
    const remaining = passed.map((r) => Number(/r=(\d+)/.exec(r.limit ?? "")?.[1])).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Another org has its own budget.
    const other = await fetch(`${apis[0]!.url}${v1}/composes`, { headers: { "x-rh-identity": encodeIdentity({ orgId: newOrg() }) } });
    expect(other.status).toBe(200);
  });
});

describe("rate limit rules (in process)", () => {
  let api: TestApi;
  const special = newOrg();
  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_FILE: rateLimitFile({
        default: { writes: { limit: 2, windowSeconds: 60 }, reads: { limit: 3, windowSeconds: 60 } },
        [special]: { writes: { limit: 1, windowSeconds: 30 } },
      }),
    });
    await limiterReady(api);
  });
  afterAll(() => api.close());

  it("counts writes and reads in separate budgets and counts the 429s without an org label", async () => {
    const orgId = newOrg();
    const del = () => api.request(`${v1}/composes/${randomUUID()}`, { method: "DELETE", orgId });
    expect((await del()).status).toBe(404);
    const second = await del();
    expect(second.status).toBe(404);
    expect(second.headers.get("ratelimit-policy")).toBe('"writes";q=2;w=60');
    expect(second.headers.get("ratelimit")).toMatch(/^"writes";r=0;t=(59|60)$/);
    const third = await del();
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    // Reads still have their own budget.
    const read = await api.request(`${v1}/composes`, { orgId });
    expect(read.status).toBe(200);
    expect(read.headers.get("ratelimit")).toMatch(/^"reads";r=2;t=\d+$/);
    const metric = await api.deps.metrics.registry.getSingleMetricAsString("image_builder_rate_limited_requests_total");
    expect(metric).toMatch(/image_builder_rate_limited_requests_total\{budget="writes"\} 1$/m);
    expect(metric).not.toContain(orgId);
  });

  it("counts package recommendations as reads: the console asks after each selection", async () => {
    const orgId = newOrg();
    const res = await api.request(`${v1}/experimental/recommendations`, {
      method: "POST",
      orgId,
      json: { packages: ["httpd"], distribution: "rhel9" },
    });
    expect(res.headers.get("ratelimit-policy")).toBe('"reads";q=3;w=60');
  });

  it("takes an org's own entry over the default; a budget left out is unlimited", async () => {
    const first = await api.request(`${v1}/composes/${randomUUID()}`, { method: "DELETE", orgId: special });
    expect(first.headers.get("ratelimit-policy")).toBe('"writes";q=1;w=30');
    expect((await api.request(`${v1}/composes/${randomUUID()}`, { method: "DELETE", orgId: special })).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      const read = await api.request(`${v1}/composes`, { orgId: special });
      expect(read.status).toBe(200);
      expect(read.headers.get("ratelimit-policy")).toBeNull();
    }
  });

  it("never limits readiness, the OpenAPI document, status or metrics", async () => {
    const orgId = newOrg();
    for (let i = 0; i < 3; i++) await api.request(`${v1}/composes`, { orgId });
    expect((await api.request(`${v1}/composes`, { orgId })).status).toBe(429);
    for (const p of [`${v1}/ready`, `${v1}/openapi.json`, "/status", "/metrics", "/openapi.json"]) {
      const res = await api.request(p, { orgId });
      expect(res.status, p).not.toBe(429);
      expect(res.headers.get("ratelimit"), p).toBeNull();
    }
  });
});

describe("rate limits when Redis fails", () => {
  it("lets requests through at once when Redis is unreachable, and counts it", async () => {
    const api = await startTestApi({
      REDIS_URL: "redis://127.0.0.1:1",
      RATE_LIMIT_FILE: rateLimitFile({ default: { reads: { limit: 1, windowSeconds: 60 } } }),
    });
    try {
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const res = await api.request(`${v1}/composes`, { orgId: newOrg() });
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      const metric = await api.deps.metrics.registry.getSingleMetricAsString("image_builder_rate_limit_unavailable_total");
      expect(metric).toMatch(/image_builder_rate_limit_unavailable_total 3$/m);
    } finally {
      await api.close();
    }
  });

  describe("with a Redis that stops answering", () => {
    let redis: PrivateRedis;
    let api: TestApi;
    beforeAll(async () => {
      redis = await PrivateRedis.create();
      api = await startTestApi({
        REDIS_URL: redis.url,
        RATE_LIMIT_TIMEOUT_MS: "100",
        RATE_LIMIT_FILE: rateLimitFile({ default: { reads: { limit: 1, windowSeconds: 60 } } }),
      });
      await limiterReady(api);
    });
    // SIGSTOP: the connection stays open but nothing is answered.
    const freeze = (signal: NodeJS.Signals) => process.kill(redis.pid!, signal);
    afterAll(async () => {
      freeze("SIGCONT");
      await api.close();
      await redis.destroy();
    });

    it("limits while Redis answers, then passes within the timeout once it hangs", async () => {
      const orgId = newOrg();
      expect((await api.request(`${v1}/composes`, { orgId })).status).toBe(200);
      expect((await api.request(`${v1}/composes`, { orgId })).status).toBe(429);
      freeze("SIGSTOP");
      const started = Date.now();
      const res = await api.request(`${v1}/composes`, { orgId });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      freeze("SIGCONT");
    });
  });
});
