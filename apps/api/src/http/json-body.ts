import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

const jsonType = /^application\/json\s*(;.*)?$/i;

/**
 * Request bodies: a size limit (413), JSON only (415), well-formed (400). Runs before schema
 * validation so that a body of the wrong type is never silently ignored.
 * Deliberate difference from upstream: `application/json; charset=utf-8` is accepted.
 */
export function jsonBody(maxSize: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize,
    onError: (c) => errorResponse(c, 413, `request body is larger than ${maxSize} bytes`),
  });
  const parse: MiddlewareHandler<AppEnv> = async (c, next) => {
    const text = await c.req.text();
    if (text.length === 0) return next();
    if (!jsonType.test(c.req.header("content-type") ?? "")) {
      return errorResponse(c, 415, "request must be json-encoded");
    }
    try {
      JSON.parse(text);
    } catch (err) {
      return errorResponse(c, 400, `cannot parse request body: ${(err as Error).message}`);
    }
    return next();
  };
  // Only methods that carry a body pay for it: touching the body of a GET would build the
  // full web Request on the node server's fast path.
  return async (c, next) => {
    const method = c.req.method;
    if (method !== "POST" && method !== "PUT" && method !== "PATCH") return next();
    return limit(c, async () => {
      const res = await parse(c, next);
      if (res instanceof Response) c.res = res;
    });
  };
}
