import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseWorkerEnv } from "../src/env";

function problems(env: Record<string, string>): Record<string, string> {
  try {
    parseWorkerEnv(env);
  } catch (err) {
    if (err instanceof InvalidEnvironmentError) return Object.fromEntries(err.problems.map((p) => [p.variable, p.problem]));
    throw err;
  }
  return {};
}

describe("worker environment", () => {
  it("the default submission budget tries for at most 30 minutes", () => {
    const env = parseWorkerEnv({ COMPOSER_URL: "http://composer:8700" });
    let waits = 0;
    for (let attempt = 1; attempt < env.SUBMIT_ATTEMPTS; attempt++) {
      // Each wait is the back-off at its longest (+20 % jitter), or the kept lease when longer.
      waits += Math.max(Math.min(env.SUBMIT_BACKOFF_MAX_MS, env.SUBMIT_BACKOFF_MS * 2 ** (attempt - 1)) * 1.2, env.SUBMIT_LEASE_MS);
    }
    const calls = env.SUBMIT_ATTEMPTS * env.COMPOSER_TIMEOUT_MS;
    expect(waits + calls).toBeLessThanOrEqual(30 * 60_000);
    expect(env.SUBMIT_ATTEMPTS).toBeGreaterThan(1);
  });

  it("defaults: concurrency 100, upstream regions, 24 months retention, polls from 1 s to 30 s", () => {
    const env = parseWorkerEnv({ COMPOSER_URL: "http://composer:8700" });
    expect(env).toMatchObject({
      WORKER_CONCURRENCY: 100,
      OSBUILD_AWS_REGION: "us-east-1",
      OSBUILD_GCP_REGION: "us-east4",
      POLL_INITIAL_MS: 1_000,
      POLL_MAX_MS: 30_000,
      SUBMIT_LEASE_MS: 60_000,
      COMPOSER_TIMEOUT_MS: 30_000,
      retentionMonths: 24,
      METRICS_PORT: 8087,
    });
    expect(env.OSBUILD_GCP_BUCKET).toBeUndefined();
  });

  it("COMPOSER_URL is required and named", () => {
    expect(problems({})).toEqual({ COMPOSER_URL: expect.stringContaining("must be set to the composer") });
    expect(problems({ COMPOSER_URL: "not a url" })).toHaveProperty("COMPOSER_URL");
  });

  it("names every bad variable", () => {
    const found = problems({ COMPOSER_URL: "http://c", WORKER_CONCURRENCY: "lots", POLL_GROWTH: "0.5", METRICS_PORT: "70000", REDIS_URL: "nope", PGPORT: "x" });
    expect(Object.keys(found).sort()).toEqual(["METRICS_PORT", "PGPORT", "POLL_GROWTH", "REDIS_URL", "WORKER_CONCURRENCY"]);
  });

  it("the submission lease must outlast a composer call", () => {
    expect(problems({ COMPOSER_URL: "http://c", COMPOSER_TIMEOUT_MS: "5000", SUBMIT_LEASE_MS: "5000" })).toEqual({
      SUBMIT_LEASE_MS: expect.stringContaining("longer than COMPOSER_TIMEOUT_MS (5000)"),
    });
  });

  it("a token URL needs client credentials; a build polled every POLL_MAX_MS must not look stale", () => {
    expect(problems({ COMPOSER_URL: "http://c", COMPOSER_TOKEN_URL: "http://c/token" })).toHaveProperty("COMPOSER_CLIENT_ID");
    expect(problems({ COMPOSER_URL: "http://c", COMPOSER_TOKEN_URL: "http://c/token", COMPOSER_CLIENT_ID: "id" })).toHaveProperty("COMPOSER_CLIENT_SECRET");
    expect(problems({ COMPOSER_URL: "http://c", POLL_MAX_MS: "60000", RECONCILE_STALE_MS: "60000" })).toHaveProperty("RECONCILE_STALE_MS");
  });
});
