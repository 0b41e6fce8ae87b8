import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The API's metrics, under the upstream names so the same dashboards and SLO queries work. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "image_builder_crc_http_duration_seconds",
    help: "Duration of HTTP requests.",
    labelNames: ["path"],
    buckets: [0.025, 0.05, 0.075, 0.1, 0.2, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20],
    registers: [registry],
  });
  const requestCount = new Counter({
    name: "image_builder_crc_request_count",
    help: "Total number of HTTP requests by method, path and status code.",
    labelNames: ["method", "path", "code"],
    registers: [registry],
  });
  const composeRequests = new Counter({
    name: "image_builder_crc_compose_requests_total",
    help: "Total number of compose requests.",
    registers: [registry],
  });
  const composeErrors = new Counter({
    name: "image_builder_crc_compose_errors",
    help: "Total number of compose requests that failed on the server side.",
    registers: [registry],
  });
  const enqueueFailures = new Counter({
    name: "image_builder_compose_enqueue_failures_total",
    help: "Composes accepted whose job could not be enqueued (the reconciler enqueues them later).",
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "image_builder_rate_limited_requests_total",
    help: "Requests answered 429 because the org's budget was used up, by budget (writes, reads).",
    labelNames: ["budget"],
    registers: [registry],
  });
  const rateLimitUnavailable = new Counter({
    name: "image_builder_rate_limit_unavailable_total",
    help: "Requests let through unlimited because the rate limiter's Redis failed or was too slow.",
    registers: [registry],
  });
  const idempotentRequests = new Counter({
    name: "image_builder_idempotent_requests_total",
    help: "Compose submissions carrying an Idempotency-Key, by outcome (first, replayed, in_progress, mismatch).",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const statusStreams = new Gauge({
    name: "image_builder_status_streams",
    help: "Compose status event streams open on this replica.",
    registers: [registry],
  });
  const statusEvents = new Counter({
    name: "image_builder_status_events_sent_total",
    help: "Compose status events sent on event streams.",
    registers: [registry],
  });
  const statusStreamsRefused = new Counter({
    name: "image_builder_status_streams_refused_total",
    help: "Event streams refused with 429 because the org had as many open as it may.",
    registers: [registry],
  });
  return {
    registry,
    statusStreams,
    statusEvents,
    statusStreamsRefused,
    httpDuration,
    requestCount,
    composeRequests,
    composeErrors,
    enqueueFailures,
    rateLimited,
    rateLimitUnavailable,
    idempotentRequests,
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Records duration and status per route template (never the raw path: bounded cardinality). */
export function metricsMiddleware(metrics: ApiMetrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    // The route that answered (after next() the index points at it), not the last one matched:
    // the catch-all 404 under each prefix matches every path.
    const path = routePath(c) || "unmatched";
    const seconds = (performance.now() - start) / 1_000;
    metrics.httpDuration.observe({ path }, seconds);
    metrics.requestCount.inc({ method: c.req.method, path, code: String(c.res.status) });
    if (path.endsWith("/compose")) {
      metrics.composeRequests.inc();
      if (c.res.status >= 500) metrics.composeErrors.inc();
    }
  };
}
