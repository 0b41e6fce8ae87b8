import { OpenAPIHono } from "@hono/zod-openapi";
import { isTracing } from "@ib/telemetry";
import type { AppDeps } from "./deps";
import { drainMiddleware } from "./http/drain";
import { onError, onNotFound } from "./http/errors";
import { requireIdentity } from "./http/identity";
import { jsonBody } from "./http/json-body";
import { isExemptFromRateLimit, rateLimit } from "./http/rate-limit";
import { requestContext } from "./http/request-context";
import { traceRequests } from "./http/tracing";
import type { AppEnv } from "./http/types";
import { API_PREFIXES } from "./http/prefixes";
import { validationHook } from "./http/validation";
import { metricsMiddleware } from "./metrics";
import { registerApiRoutes, registerRootRoutes } from "./routes";

/** The API under its two prefixes: `/v1` and `/v1.0` serve the same routes. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);
  app.use("*", drainMiddleware(deps.drain));
  // Before the request context: its access log line is written inside the request's span.
  if (isTracing()) app.use("*", traceRequests());
  app.use("*", requestContext(deps.logger));
  app.use("*", metricsMiddleware(deps.metrics));

  const api = createApiApp(deps);
  // Before the identity middleware: these answer without an identity.
  registerRootRoutes(app, deps, api);
  const identity = requireIdentity();
  const body = jsonBody({
    maxBytes: deps.env.BODY_LIMIT_BYTES,
    maxDepth: deps.env.BODY_MAX_DEPTH,
    maxArrayItems: deps.env.BODY_MAX_ARRAY_ITEMS,
  });
  const limits = rateLimits(deps);
  for (const prefix of API_PREFIXES) {
    app.use(`${prefix}/*`, identity, ...limits, body);
    app.route(prefix, api);
    // Unknown paths under the prefix answer like upstream, after the identity check.
    app.all(`${prefix}/*`, (c) => c.json({ errors: [{ detail: "no matching operation was found", title: "404" }] }, 404));
  }
  return app;
}

/** The per-org budgets when `RATE_LIMIT_FILE` is set; Redis trouble is logged at most every 30 s. */
function rateLimits(deps: AppDeps) {
  if (!deps.rateLimits) return [];
  let lastLogged = 0;
  return [
    rateLimit({
      ...deps.rateLimits,
      timeoutMs: deps.env.RATE_LIMIT_TIMEOUT_MS,
      exempt: isExemptFromRateLimit,
      onLimited: (kind) => deps.metrics.rateLimited.inc({ budget: kind }),
      onUnavailable: (err) => {
        deps.metrics.rateLimitUnavailable.inc();
        const now = Date.now();
        if (now - lastLogged < 30_000) return;
        lastLogged = now;
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "rate limiter unavailable, requests pass unlimited");
      },
    }),
  ];
}

/** The routes relative to the prefix; also the source of the served OpenAPI document. */
export function createApiApp(deps: AppDeps) {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  registerApiRoutes(api, deps);
  return api;
}

export type ApiApp = ReturnType<typeof createApiApp>;
