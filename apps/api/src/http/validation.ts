import type { Hook } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import { errorResponse } from "./errors";
import { jsonShapeProblem } from "./json-shape";
import type { AppEnv } from "./types";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `/image_requests/0/architecture` for the path of a zod issue. */
export function jsonPointer(path: Path): string {
  return "/" + path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
}

const article: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  bigint: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * The issue worth reporting. For a union, the branch that came closest (fewest issues) says
 * more than "matches no schema", e.g. the one property a partition is missing.
 */
function mostSpecific(issue: Issue, prefix: Path = []): { issue: Issue; path: Path } {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    if (closest && closest.length > 0) return mostSpecific(closest[0]!, path);
  }
  return { issue, path };
}

/** Upstream's (kin-openapi) wording for one failed rule, and where it applies. */
function describe(issue: Issue, path: Path, input: unknown): { path: Path; reason: string } {
  switch (issue.code) {
    case "invalid_type": {
      if (valueAt(input, path) === undefined && path.length > 0) {
        return { path, reason: `property "${String(path[path.length - 1])}" is missing` };
      }
      return { path, reason: `value must be ${article[issue.expected] ?? issue.expected}` };
    }
    case "invalid_value": {
      if (valueAt(input, path) === undefined && path.length > 0) {
        return { path, reason: `property "${String(path[path.length - 1])}" is missing` };
      }
      return { path, reason: `value is not one of the allowed values ${JSON.stringify(issue.values)}` };
    }
    case "unrecognized_keys": {
      const key = issue.keys[0] ?? "";
      return { path: [...path, key], reason: `property "${key}" is unsupported` };
    }
    case "too_small": {
      const n = String(issue.minimum);
      if (issue.origin === "array") return { path, reason: `minimum number of items is ${n}` };
      if (issue.origin === "string") return { path, reason: `minimum string length is ${n}` };
      return { path, reason: `number must be at least ${n}` };
    }
    case "too_big": {
      const n = String(issue.maximum);
      if (issue.origin === "array") return { path, reason: `maximum number of items is ${n}` };
      if (issue.origin === "string") return { path, reason: `maximum string length is ${n}` };
      return { path, reason: `number must be at most ${n}` };
    }
    case "invalid_format": {
      if (issue.format === "regex" && "pattern" in issue) {
        // kin-openapi quotes the pattern as the spec writes it: zod's `/…/` slashes dropped.
        const source = String(issue.pattern).replace(/^\/(.*)\/[a-z]*$/s, "$1");
        return { path, reason: `string doesn't match the regular expression "${source}"` };
      }
      const format = issue.format === "guid" ? "uuid" : issue.format;
      return { path, reason: `string doesn't match the format "${format}"` };
    }
    case "invalid_union":
      return { path, reason: "value doesn't match any schema" };
    default:
      return { path, reason: issue.message };
  }
}

/**
 * The detail of a validation failure: the first issue in upstream's words, with a JSON pointer
 * to the bad field (body) or the parameter's name (query, path).
 */
export function validationDetail(error: z.ZodError, target: string, input?: unknown): string {
  const first = error.issues[0];
  if (!first) return "request is invalid";
  const specific = mostSpecific(first);
  const { path, reason } = describe(specific.issue, specific.path, input);
  if (target === "json") {
    return `request body has an error: doesn't match schema: Error at "${jsonPointer(path)}": ${reason}`;
  }
  const where = target === "param" ? "path" : target;
  return `parameter "${String(path[0] ?? "")}" in ${where} has an error: ${reason}`;
}

const unbounded = { maxDepth: Number.POSITIVE_INFINITY, maxArrayItems: Number.POSITIVE_INFINITY };

/**
 * Shared by every OpenAPIHono app: schema failures are 400 in the upstream error shape, and so
 * is a valid parameter (query, path, header) holding text PostgreSQL cannot store, named like
 * any other bad parameter. Bodies were checked when they were parsed (json-body.ts).
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    const input = (result as { data?: unknown }).data;
    return errorResponse(c, 400, validationDetail(result.error, result.target, input));
  }
  if (result.target === "json") return;
  const problem = jsonShapeProblem(result.data, unbounded);
  if (problem) {
    const where = result.target === "param" ? "path" : result.target;
    return errorResponse(c, 400, `parameter "${String(problem.path[0] ?? "")}" in ${where} has an error: ${problem.reason}`);
  }
};

/** For routes whose body is required: an empty body is a 400, as upstream answers it. */
export function requireJsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = await c.req.text();
    if (text.trim().length === 0) {
      return errorResponse(c, 400, "request body has an error: value is required but missing");
    }
    await next();
  };
}
