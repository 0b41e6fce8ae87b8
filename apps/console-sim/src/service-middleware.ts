import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ServiceModule, SimContext, SimEnv } from "./context";
import { orgOfIdentity } from "./identity";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * In front of every route of one service: the call is recorded (headers included), a matching
 * fault answers instead of the service, and for the services that get the caller's identity a
 * missing or unreadable `x-rh-identity` is answered 401, as the platform's gateway does.
 */
export function serviceGate(module: ServiceModule, sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const entry = sim.requests.add({
      service: module.name,
      method: c.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(c.req.raw.headers),
      body: await readBody(c.req.raw.clone()),
      at: sim.now(),
    });

    const fault = sim.faults.take({ service: module.name, method: c.req.method, path: url.pathname });
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.hang) return new Promise<Response>(() => undefined);
    if (fault?.garbage) {
      entry.status = 200;
      return c.body("<html><body>surprise: this is not JSON", 200, { "content-type": "application/json" });
    }
    if (fault?.status !== undefined) {
      entry.status = fault.status;
      const body = fault.body;
      if (body === undefined) return c.body(null, fault.status as ContentfulStatusCode);
      return typeof body === "string"
        ? c.body(body, fault.status as ContentfulStatusCode, { "content-type": "text/plain" })
        : c.json(body, fault.status as ContentfulStatusCode);
    }

    if (module.identity) {
      const orgId = orgOfIdentity(c.req.header("x-rh-identity"));
      if (!orgId) {
        entry.status = 401;
        return c.json({ errors: [{ status: 401, title: "Unauthorized", detail: "missing or invalid x-rh-identity" }] }, 401);
      }
      c.set("orgId", orgId);
    }
    await next();
    entry.status = c.res.status;
  };
}
