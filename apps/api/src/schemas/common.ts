import { z } from "@hono/zod-openapi";

/** One entry of the error list: `{"title": "<status>", "detail": "..."}`. */
export const HTTPError = z.object({ title: z.string(), detail: z.string() }).openapi("HTTPError");

/** The body of every JSON error answer. */
export const HTTPErrorList = z.object({ errors: z.array(HTTPError) }).openapi("HTTPErrorList");

export const ListResponseMeta = z.object({ count: z.number().int() }).openapi("ListResponseMeta");

export const ListResponseLinks = z.object({ first: z.string(), last: z.string() }).openapi("ListResponseLinks");

/**
 * `limit` (1..100, default 100) and `offset` (>= 0, default 0), as every list takes them. The
 * bounds are repeated for the document: a coerced number documents none of its checks.
 */
export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(100)
  .openapi({
    param: { name: "limit", in: "query" },
    type: "integer",
    minimum: 1,
    maximum: 100,
    default: 100,
    description: "max amount of items, default 100",
  });

export const offsetParam = z.coerce
  .number()
  .int()
  .min(0)
  .default(0)
  .openapi({
    param: { name: "offset", in: "query" },
    type: "integer",
    minimum: 0,
    default: 0,
    description: "page offset, default 0",
  });

export const PaginationQuery = z.object({ limit: limitParam, offset: offsetParam });

/**
 * A query parameter that may be repeated (`?a=x&a=y`): one value arrives as a string. `maxItems`
 * bounds the repetitions where the values are passed on to another service.
 */
export function repeatedQueryParam<T extends z.ZodType>(item: T, maxItems?: number) {
  const list = z.array(item);
  return z.preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    (maxItems === undefined ? list : list.max(maxItems)).optional(),
  );
}

/** Answers that carry `HTTPErrorList`, for route definitions. */
export function errorResponses<const S extends number>(...statuses: S[]) {
  const descriptions: Record<number, string> = {
    400: "the request is invalid",
    403: "the caller may not do this",
    404: "not found",
    409: "conflict with the state of the resource",
    413: "the request body is too large",
    415: "the request body is not JSON",
    422: "the request cannot be processed as sent",
    429: "too many requests",
    500: "unexpected error",
    503: "the service is unavailable for now",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: descriptions[s] ?? "error", content: { "application/json": { schema: HTTPErrorList } } },
    ]),
  ) as Record<S, { description: string; content: { "application/json": { schema: typeof HTTPErrorList } } }>;
}
