import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";

export function registerComposeRoutes(_api: OpenAPIHono<AppEnv>, _deps: AppDeps): void {}
