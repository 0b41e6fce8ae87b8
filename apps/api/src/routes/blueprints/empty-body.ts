import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/types";

/**
 * For an optional JSON body: an empty body counts as no body, even when it is labelled JSON
 * (the request is replaced by one without the content type, so the body validator sees `{}`).
 */
export function emptyBodyIsNoBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.header("content-type") && (await c.req.text()).trim() === "") {
      const headers = new Headers(c.req.raw.headers);
      headers.delete("content-type");
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers });
    }
    await next();
  };
}
