import { traceIncomingRequest } from "@ib/telemetry";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "./types";

/** Readiness probes and metric scrapes, every few seconds per pod: no traces. */
const untraced = new Set(["/ready", "/metrics"]);

/**
 * The server span of every request (registered only while tracing is on), named after the
 * route template that answered, with the status; a caller's `traceparent` is continued.
 */
export function traceRequests(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (untraced.has(c.req.path)) return next();
    const request = { method: c.req.method, path: c.req.path, header: (name: string) => c.req.header(name) };
    return traceIncomingRequest(request, next, () => ({ route: routePath(c) || undefined, status: c.res.status }));
  };
}
