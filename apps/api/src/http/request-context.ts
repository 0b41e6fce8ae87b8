import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "./types";

const acceptableRequestId = /^[\w\-=.]{1,255}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane), a child logger
 * carrying it, and one access log line when the response is done.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && acceptableRequestId.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    // Set before the response exists: a header added to a finished response would make the
    // node server build a full web Response for every request.
    c.header("x-request-id", requestId);
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    const status = c.res.status;
    const line = { method: c.req.method, path: c.req.path, status, ms, orgId: c.var.identity?.orgId };
    if (status >= 500) log.error(line, "request");
    else log.info(line, "request");
  };
}
