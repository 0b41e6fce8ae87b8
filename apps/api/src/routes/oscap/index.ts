import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerGetOscapCustomizations } from "./get-oscap-customizations";
import { registerGetOscapProfiles } from "./get-oscap-profiles";

/** `GET /oscap/{distribution}/profiles` and `GET /oscap/{distribution}/{profile}/customizations`. */
export function registerOscapRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetOscapProfiles(api);
  registerGetOscapCustomizations(api, deps);
}
