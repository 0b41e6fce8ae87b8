import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { SimContext, SimEnv } from "./context";
import { basePath, unauthorized } from "./errors";

/** Paths composer serves without a token (`/openapi`, `/errors`). */
const publicPaths = new RegExp(`^${basePath.replace(/\//g, "\\/")}\\/(openapi|errors)\\/?$`);

function oauthError(c: Context, status: 400 | 401, error: string, description: string) {
  return c.json({ error, error_description: description }, status);
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const idx = decoded.indexOf(":");
  return idx < 0 ? undefined : { id: decodeURIComponent(decoded.slice(0, idx)), secret: decodeURIComponent(decoded.slice(idx + 1)) };
}

/** `POST /token`: OAuth2 client credentials, form encoded, like Red Hat SSO. */
export function tokenEndpoint(sim: SimContext) {
  return async (c: Context<SimEnv>) => {
    const type = c.req.header("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return oauthError(c, 400, "invalid_request", "the token request must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(await c.req.text());
    if (form.get("grant_type") !== "client_credentials") {
      sim.state.counters.tokenRejections++;
      return oauthError(c, 400, "unsupported_grant_type", "only client_credentials is supported");
    }
    const basic = basicCredentials(c.req.header("authorization"));
    const clientId = form.get("client_id") ?? basic?.id ?? "";
    const clientSecret = form.get("client_secret") ?? basic?.secret ?? "";
    const expected = sim.credentials;
    const valid = expected ? clientId === expected.clientId && clientSecret === expected.clientSecret : clientId !== "" && clientSecret !== "";
    if (!valid) {
      sim.state.counters.tokenRejections++;
      return oauthError(c, 401, "invalid_client", "Invalid client or Invalid client credentials");
    }
    const config = sim.config();
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const now = sim.now();
    sim.state.tokens.set(token, { clientId, expiresAt: now + config.tokenExpiresIn * 1000 });
    sim.state.counters.tokensIssued++;
    if (sim.state.counters.tokensIssued % 1000 === 0) {
      for (const [t, info] of sim.state.tokens) if (info.expiresAt <= now) sim.state.tokens.delete(t);
    }
    return c.json({ access_token: token, expires_in: config.tokenExpiresIn, token_type: "Bearer", scope: "api.iam.service_accounts" });
  };
}

/** Bearer check in front of the API (composer's JWT layer), with the forced-401 switch. */
export function requireBearer(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (publicPaths.test(c.req.path)) {
      c.set("tenant", "");
      return next();
    }
    const config = sim.config();
    if (config.forceUnauthorized > 0) {
      sim.setConfig({ ...config, forceUnauthorized: config.forceUnauthorized - 1 });
      sim.state.counters.injectedUnauthorized++;
      return unauthorized(c, "Bearer token is expired");
    }
    const header = c.req.header("authorization");
    if (!header) return unauthorized(c, "Request doesn't contain the 'Authorization' header");
    const space = header.indexOf(" ");
    if (space < 0) return unauthorized(c, `Authorization header '${header}' is malformed`);
    const scheme = header.slice(0, space);
    if (scheme.toLowerCase() !== "bearer") return unauthorized(c, `Authentication type '${scheme}' isn't supported`);
    const token = header.slice(space + 1).trim();
    if (!token) return unauthorized(c, "Bearer token is malformed");
    if (!config.requireAuth) {
      c.set("tenant", "");
      return next();
    }
    const known = sim.state.tokens.get(token);
    if (!known) return unauthorized(c, "Signature of bearer token isn't valid");
    if (known.expiresAt <= sim.now()) return unauthorized(c, "Bearer token is expired");
    c.set("tenant", known.clientId);
    return next();
  };
}
