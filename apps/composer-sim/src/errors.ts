import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const basePath = "/api/image-builder-composer/v2";

/** Composer's service errors the simulator produces: id -> [HTTP status, reason]. */
export const serviceErrors = {
  3: [415, "Only 'application/json' content is supported"],
  4: [400, "Unsupported distribution"],
  5: [400, "Unsupported architecture"],
  6: [400, "Unsupported image type"],
  7: [400, "Must specify baseurl, mirrorlist, or metalink"],
  14: [400, "Invalid format for compose id"],
  15: [404, "Compose with given id not found"],
  20: [400, "Malformed JSON in request body"],
  21: [404, "Requested resource doesn't exist"],
  25: [400, "Compose request has unsupported number of image builds"],
  29: [400, "Repository check_gpg set without a gpgkey"],
  30: [400, "Request could not be validated"],
  40: [400, "Invalid request, Blueprint and Customizations cannot be used together"],
  42: [400, "Invalid request"],
  1000: [500, "Internal server error (simulated)"],
  1005: [503, "Failed to enqueue job (simulated)"],
} as const satisfies Record<number, readonly [number, string]>;

export type ServiceErrorId = keyof typeof serviceErrors;

const ksuidAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A 27-character base62 id, the look of composer's KSUID operation ids. */
export function operationId(): string {
  const bytes = randomBytes(27);
  let out = "";
  for (const b of bytes) out += ksuidAlphabet[b % 62];
  return out;
}

export function errorBody(id: number | string, reason: string, details: unknown = "") {
  return {
    href: `${basePath}/errors/${id}`,
    id: String(id),
    kind: "Error",
    code: `IMAGE-BUILDER-COMPOSER-${id}`,
    reason,
    operation_id: operationId(),
    details,
  };
}

/** Answers with composer's JSON error body for a known service error. */
export function composerError(c: Context, id: ServiceErrorId, details: unknown = "", reason?: string) {
  const [status, defaultReason] = serviceErrors[id];
  return c.json(errorBody(id, reason ?? defaultReason, details), status as ContentfulStatusCode);
}

/** The ocm-sdk style 401 composer's JWT layer answers before any composer code runs. */
export function unauthorized(c: Context, reason: string) {
  c.header("WWW-Authenticate", 'Bearer realm="image-builder-composer/v2"');
  return c.json(
    {
      kind: "Error",
      id: "401",
      href: `${basePath}/errors/401`,
      code: "IMAGE-BUILDER-COMPOSER-401",
      reason,
      operation_id: operationId(),
    },
    401,
  );
}
