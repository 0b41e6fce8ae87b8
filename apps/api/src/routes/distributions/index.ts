import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerArchitectureRoutes } from "../architectures";
import { registerOscapRoutes } from "../oscap";
import { registerPackageRoutes } from "../packages";
import { registerGetDistribution } from "./get-distribution";
import { registerGetDistributions } from "./get-distributions";

/**
 * What can be built: `GET /distributions`, `GET /distributions/{distro}`, and the sibling
 * resources served from the catalog (architectures, packages, OpenSCAP).
 */
export function registerDistributionRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetDistributions(api, deps);
  registerGetDistribution(api, deps);
  registerArchitectureRoutes(api, deps);
  registerPackageRoutes(api, deps);
  registerOscapRoutes(api, deps);
}
