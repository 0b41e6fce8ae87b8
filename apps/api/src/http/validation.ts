import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

/** `/image_requests/0/architecture` for the path of a zod issue. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return "/" + path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
}

/** The detail of a validation failure: the first issue, with a JSON pointer to the bad field. */
export function validationDetail(error: z.ZodError, target: string): string {
  const issue = error.issues[0];
  if (!issue) return "request is invalid";
  const where = target === "json" ? "request body" : `${target} parameter`;
  return `${where} has an error: Error at "${jsonPointer(issue.path)}": ${issue.message}`;
}

/** Shared by every OpenAPIHono app: schema failures are 400 in the upstream error shape. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    return errorResponse(c, 400, validationDetail(result.error, result.target));
  }
};
