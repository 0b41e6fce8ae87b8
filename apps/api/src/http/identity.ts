import { type Identity, IdentityError, parseIdentityHeader } from "@ib/core";
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

/**
 * `x-rh-identity` for every route under the API prefixes. Header failures are plain text, as
 * upstream answers them; an Associate identity is refused in the JSON shape.
 */
export function requireIdentity(): MiddlewareHandler<AppEnv> {
  const known = new IdentityCache(10_000);
  return async (c, next) => {
    const header = c.req.header("x-rh-identity");
    let identity = header === undefined ? undefined : known.get(header);
    try {
      if (identity === undefined) {
        identity = parseIdentityHeader(header);
        known.set(header!, identity);
      }
    } catch (err) {
      if (err instanceof IdentityError) {
        return c.text(err.body, err.status, { "content-type": "text/plain; charset=utf-8" });
      }
      throw err;
    }
    if (identity.type === "Associate") {
      return errorResponse(c, 400, "unsupported account type: 'Associate'");
    }
    c.set("identity", identity);
    await next();
  };
}

/**
 * Parsed identities by header value: a client sends the same header on every call, and the
 * parse (base64, JSON, schema) is pure. Bounded; when full it starts over.
 */
class IdentityCache {
  private readonly entries = new Map<string, Identity>();
  constructor(private readonly max: number) {}

  get(header: string): Identity | undefined {
    return this.entries.get(header);
  }

  set(header: string, identity: Identity): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(header, identity);
  }
}
