import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/types";
import { registerQueueDashboard } from "./admin/queue-dashboard";
import { registerBlueprintRoutes } from "./blueprints";
import { registerComposeRoutes } from "./composes";
import { registerDistributionRoutes } from "./distributions";
import { registerMetaRoutes, registerRootMetaRoutes } from "./meta";
import { registerQuotaRoutes } from "./quota";
import { registerRecommendationRoutes } from "./recommendations";

type Api = OpenAPIHono<AppEnv>;

/** Every route under `/api/image-builder/v1{,.0}`, one register call per resource. */
export function registerApiRoutes(api: Api, deps: AppDeps): void {
  registerMetaRoutes(api, deps);
  registerComposeRoutes(api, deps);
  registerBlueprintRoutes(api, deps);
  registerQuotaRoutes(api, deps);
  // distributions, architectures, packages, oscap
  registerDistributionRoutes(api, deps);
  registerRecommendationRoutes(api, deps);
}

/** Unauthenticated routes at the root: liveness, readiness, metrics, the OpenAPI document. */
export function registerRootRoutes(app: Api, deps: AppDeps, api: Api): void {
  registerRootMetaRoutes(app, deps, api);
  registerQueueDashboard(app, deps);
}
