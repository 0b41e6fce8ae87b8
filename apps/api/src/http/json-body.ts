import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "./errors";
import { type JsonShapeLimits, jsonShapeProblem } from "./json-shape";
import type { AppEnv } from "./types";
import { jsonPointer } from "./validation";

export interface JsonBodyLimits extends JsonShapeLimits {
  maxBytes: number;
}

const jsonType = /^application\/json\s*(;.*)?$/i;

/**
 * Request bodies: a size limit (413), JSON only (415), well-formed (400), and a shape every
 * route can store (400 naming the field: no NUL or unpaired surrogate in any string or property
 * name, bounded nesting and array lengths). Runs before schema validation so that a body of the
 * wrong type is never silently ignored, and parses the body once: the validators downstream
 * read the parsed value from Hono's body cache.
 * Deliberate difference from upstream: `application/json; charset=utf-8` is accepted.
 */
export function jsonBody(limits: JsonBodyLimits): MiddlewareHandler<AppEnv> {
  const maxSize = limits.maxBytes;
  const tooLarge = `request body is larger than ${maxSize} bytes`;
  // Only for bodies of unknown length (chunked): it counts while streaming, at the price of
  // building the full web Request, which the declared-length path avoids.
  const streamingLimit = bodyLimit({ maxSize, onError: (c) => errorResponse(c, 413, tooLarge) });

  const parse: MiddlewareHandler<AppEnv> = async (c, next) => {
    const text = await c.req.text();
    if (text.length === 0) return next();
    if (!jsonType.test(c.req.header("content-type") ?? "")) {
      return errorResponse(c, 415, "request must be json-encoded");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return errorResponse(c, 400, `cannot parse request body: ${(err as Error).message}`);
    }
    const problem = jsonShapeProblem(parsed, limits);
    if (problem) {
      const where = jsonPointer(problem.path);
      return errorResponse(c, 400, `request body has an error: doesn't match schema: Error at "${where}": ${problem.reason}`);
    }
    c.req.bodyCache.json = Promise.resolve(parsed);
    return next();
  };

  return async (c, next) => {
    const method = c.req.method;
    if (method !== "POST" && method !== "PUT" && method !== "PATCH") return next();
    const declared = c.req.header("content-length");
    if (declared !== undefined) {
      // Node's parser never delivers more than the declared length.
      if (Number(declared) > maxSize) return errorResponse(c, 413, tooLarge);
      return parse(c, next);
    }
    return streamingLimit(c, async () => {
      const res = await parse(c, next);
      if (res instanceof Response) c.res = res;
    });
  };
}
