import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerRecommendPackages } from "./recommend-packages";

/** `POST /experimental/recommendations`: package recommendations from the recommendations service. */
export function registerRecommendationRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerRecommendPackages(api, deps);
}
