import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerGetArchitectures } from "./get-architectures";

/** `GET /architectures/{distribution}`. */
export function registerArchitectureRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerGetArchitectures(api, deps);
}
