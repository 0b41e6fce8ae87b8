import { IdentityError, parseIdentityHeader } from "@ib/core";
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

/**
 * `x-rh-identity` for every route under the API prefixes. Header failures are plain text, as
 * upstream answers them; an Associate identity is refused in the JSON shape.
 */
export function requireIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let identity;
    try {
      identity = parseIdentityHeader(c.req.header("x-rh-identity"));
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
