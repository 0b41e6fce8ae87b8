import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerGetOscapCustomizations } from "./get-oscap-customizations";
import { registerGetOscapProfiles } from "./get-oscap-profiles";
import { registerGetPolicyCustomizations } from "./get-policy-customizations";

/** `GET /oscap/{distribution}/profiles`, `.../{profile}/customizations` and `/oscap/{policy}/{distribution}/policy_customizations`. */
export function registerOscapRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetOscapProfiles(api);
  registerGetOscapCustomizations(api, deps);
  registerGetPolicyCustomizations(api, deps);
}
