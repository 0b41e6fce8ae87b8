import type { BudgetKind, RateLimitBudget, RateLimits } from "@ib/core/rate-limit";
import type { MiddlewareHandler } from "hono";
import type { RedisConnection } from "@ib/queue";
import { RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from "rate-limiter-flexible";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

export interface RateLimitOptions {
  limits: RateLimits;
  redis: RedisConnection;
  /** Longest a request waits for Redis before it is let through unlimited. */
  timeoutMs: number;
  /** Paths (relative to the mount point) that are never limited. */
  exempt: (path: string) => boolean;
  onLimited: (kind: BudgetKind) => void;
  onUnavailable: (err: unknown) => void;
}

const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The budget a request counts against: writes change state; a `POST` that only asks (package
 * recommendations, sent by the console after each package selection) is a read.
 */
export function budgetKind(method: string, path: string): BudgetKind {
  if (method === "POST" && path.endsWith("/experimental/recommendations")) return "reads";
  return writeMethods.has(method) ? "writes" : "reads";
}

/**
 * Per-org request budgets, counted in Redis by rate-limiter-flexible (one atomic script per
 * request, so the count is exact across API replicas). Every limited response carries the
 * `RateLimit-Policy` and `RateLimit` fields of the IETF httpapi draft; an exceeded budget answers
 * 429 in the upstream shape with `Retry-After`. When Redis is down or slower than `timeoutMs`
 * the request goes through unlimited: the limiter protects the service, it must not take it down.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const limiters = new Map<string, RateLimiterAbstract>();

  function limiterFor(kind: BudgetKind, budget: RateLimitBudget): { name: string; limiter: RateLimiterAbstract } {
    const name = `${kind}-${budget.limit}-${budget.windowSeconds}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const store = new RateLimiterRedis({
        storeClient: options.redis,
        points: budget.limit,
        duration: budget.windowSeconds,
        keyPrefix: "ib-rate",
        rejectIfRedisNotReady: true,
      });
      limiter = new RLWrapperTimeouts({ limiter: store, timeoutMs: options.timeoutMs });
      limiters.set(name, limiter);
    }
    return { name, limiter };
  }

  return async (c, next) => {
    const kind = budgetKind(c.req.method, c.req.path);
    const orgId = c.var.identity.orgId;
    const budget = options.limits.budgetFor(orgId, kind);
    if (!budget || options.exempt(c.req.path)) return next();
    const { name, limiter } = limiterFor(kind, budget);
    // The org in braces: a Redis Cluster hash tag, so one org's budgets share a slot.
    const key = `{${orgId}}:${name}`;
    const policy = `"${kind}";q=${budget.limit};w=${budget.windowSeconds}`;

    let state: RateLimiterRes;
    try {
      state = await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        options.onUnavailable(err);
        return next();
      }
      const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      options.onLimited(kind);
      c.header("RateLimit-Policy", policy);
      c.header("RateLimit", `"${kind}";r=0;t=${retryAfter}`);
      c.header("Retry-After", String(retryAfter));
      return errorResponse(c, 429, `Rate limit of ${budget.limit} ${kind} per ${budget.windowSeconds} seconds exceeded; retry in ${retryAfter} seconds`);
    }
    c.header("RateLimit-Policy", policy);
    c.header("RateLimit", `"${kind}";r=${state.remainingPoints};t=${Math.max(0, Math.ceil(state.msBeforeNext / 1000))}`);
    return next();
  };
}

/** Paths under an API prefix that are never limited: readiness and the OpenAPI document. */
export function isExemptFromRateLimit(path: string): boolean {
  return path.endsWith("/ready") || path.endsWith("/openapi.json");
}
