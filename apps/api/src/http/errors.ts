import { databaseUnavailable, DomainError, type ErrorItem } from "@ib/core";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./types";

/** The upstream error body: `{"errors":[{"detail", "title"}]}` (detail first, as Go writes it). */
export function errorBody(items: ErrorItem[]) {
  return { errors: items.map(({ title, detail }) => ({ detail, title })) };
}

export function errorResponse(c: Context, status: number, detail: string) {
  return c.json(errorBody([{ title: String(status), detail }]), status as ContentfulStatusCode);
}

const statusText: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The answer while PostgreSQL cannot be reached in time (stopped, frozen, overloaded). */
export const databaseUnavailableDetail = "The service is temporarily unavailable, try again later";

/** One place maps every failure to the upstream shape; unknown errors never leak their text. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof DomainError) {
    const items = err.items ?? [{ title: String(err.status), detail: err.detail }];
    if (err.status >= 500) c.var.log?.error({ err }, "request failed");
    return c.json(errorBody(items), err.status as ContentfulStatusCode);
  }
  const unavailable = databaseUnavailable(err);
  if (unavailable) {
    c.var.log?.warn({ reason: unavailable.reason, err: unavailable.message }, "database unavailable");
    return errorResponse(c, 503, databaseUnavailableDetail);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    return errorResponse(c, status, err.message || statusText[status] || "Error");
  }
  c.var.log?.error({ err }, "unhandled error");
  return errorResponse(c, 500, "Internal Server Error");
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => errorResponse(c, 404, "Not Found");
