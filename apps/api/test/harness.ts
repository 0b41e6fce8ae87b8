import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { encodeIdentity } from "@ib/core";
import { createTestDatabase } from "@ib/db/testing";
import pino, { type Logger } from "pino";
import { createApp } from "../src/app";
import { closeDeps, createDeps, type AppDeps } from "../src/deps";
import { apiEnvSchema, type ApiEnv } from "../src/env";

export interface TestApi {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** A request as org `orgId` (default "000000"); pass `identity: null` to send none. */
  request(path: string, init?: TestRequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface TestRequestInit extends Omit<RequestInit, "body"> {
  orgId?: string;
  identity?: string | null;
  /** Serialized as JSON with `content-type: application/json`. */
  json?: unknown;
  body?: RequestInit["body"];
}

/**
 * An in-process API on its own database (cloned from the migrated template) and its own
 * queue prefix, so test files run in parallel without seeing each other. `databaseUrl`: a
 * migrated database the test owns instead (on a private server it stops or freezes).
 */
export async function startTestApi(
  overrides: Partial<Record<string, string>> = {},
  options: { logger?: Logger; databaseUrl?: string } = {},
): Promise<TestApi> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const parsed = apiEnvSchema.parse({
    LOG_LEVEL: "silent",
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `{test-${randomUUID().slice(0, 8)}}`,
    DATABASE_URL: database.url,
    DB_POOL_MAX: "10",
    ...overrides,
  });
  const env: ApiEnv = { ...parsed, host: "127.0.0.1", port: 0 };
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL });
  const deps = createDeps(env, logger);
  const app = createApp(deps);
  return {
    deps,
    app,
    async request(path, init = {}) {
      const { orgId = "000000", identity, json, body, headers, ...rest } = init;
      const h = new Headers(headers);
      if (identity !== null) h.set("x-rh-identity", identity ?? encodeIdentity({ orgId }));
      let payload = body;
      if (json !== undefined) {
        payload = JSON.stringify(json);
        if (!h.has("content-type")) h.set("content-type", "application/json");
      }
      return app.request(path, { ...rest, headers: h, body: payload });
    },
    async close() {
      // Bounded: with Redis unreachable (a test's dead REDIS_URL) the command would wait forever.
      await Promise.race([
        deps.producer.queue.obliterate({ force: true }).catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      await closeDeps(deps);
      await database.drop();
    },
  };
}

/** Serves a test API over HTTP on a free loopback port, for clients outside the process. */
export async function listenOnLoopback(api: TestApi): Promise<{ root: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve({ root: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
