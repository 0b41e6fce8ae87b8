import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { RedisConnection } from "@ib/queue";
import type { DbHandle } from "@ib/db";
import type { Logger } from "../logger";
import type { WorkerMetrics } from "../metrics";

export interface HealthServerOptions {
  host: string;
  port: number;
  metrics: WorkerMetrics;
  db: DbHandle;
  redis: RedisConnection;
  /** False once shutdown began: readiness then fails. */
  accepting: () => boolean;
  log: Logger;
}

const checkTimeoutMs = 2_000;

async function check(name: string, probe: () => Promise<unknown>): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** The worker's side port: `/metrics` (Prometheus), `/healthz` (alive), `/readyz` (PostgreSQL and Redis answer). */
export function startHealthServer(opts: HealthServerOptions): Promise<{ server: ServerType; port: number; close(): Promise<void> }> {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks = await Promise.all([check("postgres", () => opts.db.ping()), check("redis", () => opts.redis.ping())]);
    const ready = opts.accepting() && checks.every((r) => r.ok);
    return c.json({ status: ready ? "ready" : "not ready", shuttingDown: !opts.accepting(), checks }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    const body = await opts.metrics.registry.metrics();
    return c.text(body, 200, { "content-type": opts.metrics.registry.contentType });
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info) => {
      opts.log.info({ address: info.address, port: info.port }, "health and metrics listening");
      resolve({
        server,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}
