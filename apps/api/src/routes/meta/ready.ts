import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppDeps } from "../../deps";
import { errorResponse } from "../../http/errors";
import type { AppEnv } from "../../http/types";

export const Readiness = z.object({ readiness: z.string() }).openapi("Readiness");

/** Ready when PostgreSQL answers and Redis answers; each is checked for real. Never while shutting down. */
export async function readiness(c: Context<AppEnv>, deps: AppDeps) {
  if (deps.drain.draining) return errorResponse(c, 503, "not ready: shutting down");
  const [db, redis] = await Promise.allSettled([deps.db.ping(), deps.producer.ping()]);
  const failed = [db.status === "rejected" ? "postgresql" : null, redis.status === "rejected" ? "redis" : null].filter(
    (x): x is string => x !== null,
  );
  if (failed.length > 0) {
    c.var.log.warn({ failed }, "not ready");
    return errorResponse(c, 503, `not ready: ${failed.join(", ")} unreachable`);
  }
  return c.json({ readiness: "ready" }, 200);
}

export function registerGetReady(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/ready",
    operationId: "getReadiness",
    summary: "return the readiness",
    responses: { 200: { description: "readiness", content: { "application/json": { schema: Readiness } } } },
  });
  api.openapi(route, (c) => readiness(c, deps) as never);
}
