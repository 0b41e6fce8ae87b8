import { createHash } from "node:crypto";
import type { Context } from "hono";

/** Per-caller answers: a browser may keep them but must ask again (conditionally) every time. */
const cacheControl = "private, no-cache";

/** A strong validator of the exact body bytes. */
export function bodyEtag(text: string): string {
  return `"${createHash("sha1").update(text).digest("base64url")}"`;
}

/** `If-None-Match` names this tag (or `*`); compared weakly, as RFC 9110 asks for GET. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  for (const candidate of header.split(",")) {
    const tag = candidate.trim();
    if ((tag.startsWith("W/") ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/**
 * A 200 JSON answer with an `ETag` of its exact bytes, or 304 without a body when the client's
 * `If-None-Match` already names it. The body is hashed as the text that would be sent: the
 * headers are set before the response exists (no copy of a finished response).
 */
export function conditionalJson(c: Context, body: string | object): Response {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const etag = bodyEtag(text);
  if (noneMatch(c.req.header("if-none-match"), etag)) {
    return c.body(null, 304, { etag, "cache-control": cacheControl });
  }
  return c.body(text, 200, { "content-type": "application/json", etag, "cache-control": cacheControl });
}
