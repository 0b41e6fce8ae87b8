import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { SimContext, SimEnv } from "./context";
import { errorBody } from "./errors";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Added latency on every call it guards. */
export function addedLatency(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (_c, next) => {
    const ms = sim.config().latencyMs;
    if (ms > 0) await sleep(ms);
    return next();
  };
}

/** Answers a share of calls with a 5xx before any work is done (nothing is created). */
export function injectedServerErrors(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const rate = sim.config().serverErrorRate;
    if (rate > 0 && sim.random() < rate) {
      sim.state.counters.injectedServerErrors++;
      const unavailable = sim.random() < 0.5;
      return unavailable
        ? c.json(errorBody(1005, "Failed to enqueue job (simulated outage)"), 503)
        : c.json(errorBody(1000, "Internal server error (simulated)"), 500);
    }
    return next();
  };
}

/**
 * Guards `GET /composes/{id}/metadata` only: the next `metadataFailures` calls answer 500 (the
 * count goes down), then a `metadataErrorRate` share of calls answer 500/503, while the status
 * route goes on reporting the builds. Nothing is changed on the compose.
 */
export function metadataErrors(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const config = sim.config();
    if (config.metadataFailures > 0) {
      sim.setConfig({ ...config, metadataFailures: config.metadataFailures - 1 });
      sim.state.counters.injectedMetadataErrors++;
      return c.json(errorBody(1000, "Internal server error (simulated metadata failure)"), 500);
    }
    if (config.metadataErrorRate > 0 && sim.random() < config.metadataErrorRate) {
      sim.state.counters.injectedMetadataErrors++;
      return sim.random() < 0.5
        ? c.json(errorBody(1005, "Failed to read compose metadata (simulated outage)"), 503)
        : c.json(errorBody(1000, "Internal server error (simulated metadata failure)"), 500);
    }
    return next();
  };
}

/** Does the work, then loses the answer: the caller sees a gateway timeout. */
export function lostResponses(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    await next();
    const rate = sim.config().responseLossRate;
    if (rate > 0 && sim.random() < rate) {
      sim.state.counters.injectedResponseLosses++;
      c.res = new Response("<html><body><h1>504 Gateway Time-out</h1>The server didn't respond in time.</body></html>", {
        status: 504,
        headers: { "content-type": "text/html" },
      });
    }
  };
}

/** Creates the compose, then garbles the `201`: a body that is not JSON (as a misbehaving proxy could send). */
export function unreadableAccepts(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    await next();
    const rate = sim.config().unreadableAcceptRate;
    if (c.req.method !== "POST" || !c.req.path.endsWith("/compose") || c.res.status !== 201) return;
    if (rate > 0 && sim.random() < rate) {
      sim.state.counters.injectedUnreadableAccepts++;
      c.res = new Response("<html><body>Created</body></html>", { status: 201, headers: { "content-type": "text/html" } });
    }
  };
}

/** Counts requests by matched route and status for `GET /admin/stats`. */
export function requestCounter(sim: SimContext): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    await next();
    const counters = sim.state.counters;
    counters.requests++;
    sim.state.count(counters.byRoute, `${c.req.method} ${routePath(c, -1)}`);
    sim.state.count(counters.byStatus, String(c.res.status));
  };
}
