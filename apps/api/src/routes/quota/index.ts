import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerGetQuota } from "./get-quota";

/** `GET /quota`. */
export function registerQuotaRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetQuota(api, deps);
}
