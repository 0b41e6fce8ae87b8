import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerGetPackages } from "./get-packages";

/** `GET /packages`: search a distribution's package lists. */
export function registerPackageRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetPackages(api, deps);
}
