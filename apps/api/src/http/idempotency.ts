import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  releaseIdempotentRequest,
} from "@ib/core/idempotency";
import canonicalize from "canonicalize";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { parseItem } from "structured-headers";
import type { AppDeps } from "../deps";
import { errorResponse } from "./errors";
import { serviceContext } from "./service-context";
import type { AppEnv } from "./types";

const headerName = "idempotency-key";

/**
 * The key of the IETF httpapi draft (draft-ietf-httpapi-idempotency-key-header): an Item
 * Structured Field (RFC 8941) whose value is a String, e.g. `"8e03978e-40d5-43e8-bc93-6894a57f9324"`,
 * here of 1 to 255 characters. Parameters on the item are ignored, as RFC 8941 asks of unknown
 * ones. Undefined: not such a value.
 */
export function parseIdempotencyKey(value: string): string | undefined {
  let item;
  try {
    item = parseItem(value);
  } catch {
    return undefined;
  }
  const [key] = item;
  if (typeof key !== "string" || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) return undefined;
  return key;
}

/** The header parameter of the routes that take one: documented, and checked (400 when malformed). */
export const IdempotencyKeyHeaders = z.object({
  [headerName]: z
    .string()
    .refine((v) => parseIdempotencyKey(v) !== undefined, {
      message: `must be a quoted Structured Field string of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, e.g. "8e03978e-40d5-43e8-bc93-6894a57f9324"`,
    })
    .optional()
    .openapi({
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
      description:
        "Makes the submission safe to retry (IETF httpapi Idempotency-Key draft): a Structured Field string, unique per " +
        "request, kept 24 hours per org. A retry with the same key and the same request answers the first 201 again without " +
        "a second compose or quota unit; with another request: 422; while the first is still running: 409 (retry after " +
        "`Retry-After`). A request that failed (4xx, 5xx) does not keep its key: a retry with it runs anew.",
    }),
});

/** sha256 of the request in JSON Canonicalization Scheme (RFC 8785): key order and spacing do not matter. */
export function requestFingerprint(request: unknown): string {
  return createHash("sha256")
    .update(canonicalize(request ?? null) ?? "null")
    .digest("base64url");
}

/**
 * Runs `create` (whose success answers 201 with its result) at most once per idempotency key of
 * the caller's org, when the request carries one; without the header it simply runs. `request`
 * is what makes two requests the same (operation, parameters, validated body).
 * A first request that fails gives its key back, so a retry with it runs anew. Should storing the
 * answer fail after the compose was created, the 201 is still answered (the compose exists); the
 * key then stays in progress until its lease ends.
 */
export async function idempotentCreation(
  c: Context<AppEnv>,
  deps: AppDeps,
  request: unknown,
  create: () => Promise<unknown>,
): Promise<Response> {
  const header = c.req.header(headerName);
  const key = header === undefined ? undefined : parseIdempotencyKey(header);
  if (key === undefined) return c.json(await create(), 201);

  const ctx = serviceContext(c, deps);
  const claim = await beginIdempotentRequest({ ctx, input: { key, fingerprint: requestFingerprint(request) } });
  switch (claim.kind) {
    case "replay":
      deps.metrics.idempotentRequests.inc({ outcome: "replayed" });
      c.header("Idempotent-Replayed", "true");
      return c.json(claim.answer as object, claim.status as ContentfulStatusCode);
    case "mismatch":
      deps.metrics.idempotentRequests.inc({ outcome: "mismatch" });
      return errorResponse(c, 422, "This Idempotency-Key was already used with a different request; use a new key for a new request");
    case "in_progress":
      deps.metrics.idempotentRequests.inc({ outcome: "in_progress" });
      c.header("Retry-After", "1");
      return errorResponse(c, 409, "A request with this Idempotency-Key is still being processed; retry it later");
    case "claimed":
      break;
  }

  const held = { key, token: claim.token };
  let answer: unknown;
  try {
    answer = await create();
  } catch (err) {
    await releaseIdempotentRequest({ ctx, input: held }).catch((releaseErr: Error) =>
      ctx.log.warn({ err: releaseErr.message }, "could not release the idempotency key of a failed request"),
    );
    throw err;
  }
  deps.metrics.idempotentRequests.inc({ outcome: "first" });
  await completeIdempotentRequest({ ctx, input: { ...held, status: 201, answer } }).catch((err: Error) =>
    ctx.log.error({ err: err.message }, "compose created but its idempotency key could not be completed"),
  );
  return c.json(answer as object, 201);
}
