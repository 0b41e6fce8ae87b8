import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";

export const Version = z
  .object({ version: z.string(), build_commit: z.string().optional(), build_time: z.string().optional() })
  .openapi("Version");

export function versionBody(deps: AppDeps) {
  return { version: "1.0", build_commit: deps.env.BUILD_COMMIT, build_time: deps.env.BUILD_TIME };
}

export function registerGetVersion(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/version",
    operationId: "getVersion",
    summary: "get the service version",
    responses: { 200: { description: "a service version", content: { "application/json": { schema: Version } } } },
  });
  api.openapi(route, (c) => c.json(versionBody(deps), 200));
}
