import { traceIncomingRequest } from "@ib/telemetry";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "./types";

/**
 * The server span of every request (registered only while tracing is on), named after the
 * route template that answered, with the status; a caller's `traceparent` is continued.
 */
export function traceRequests(): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    traceIncomingRequest({ method: c.req.method, path: c.req.path, header: (name) => c.req.header(name) }, next, () => ({
      route: routePath(c) || undefined,
      status: c.res.status,
    }));
}
