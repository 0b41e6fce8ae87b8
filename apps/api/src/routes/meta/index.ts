import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { API_PREFIXES } from "../../http/prefixes";
import { readiness, registerGetReady } from "./ready";
import { registerGetVersion, versionBody } from "./version";
import { registerDocsPage } from "./docs";
import { documentOpenApiPath, openApiDocument } from "./openapi";

type Api = OpenAPIHono<AppEnv>;

export function registerMetaRoutes(api: Api, deps: AppDeps) {
  registerGetVersion(api, deps);
  registerGetReady(api, deps);
  documentOpenApiPath(api);
}

export function registerRootMetaRoutes(app: Api, deps: AppDeps, api: Api) {
  const document = openApiDocument(api);
  for (const path of ["/openapi.json", ...API_PREFIXES.map((p) => `${p}/openapi.json`)]) {
    app.get(path, (c) => c.json(document()));
  }
  registerDocsPage(app);
  app.get("/status", (c) => c.json(versionBody(deps)));
  app.get("/ready", (c) => readiness(c, deps));
  app.get("/metrics", async (c) => {
    c.header("content-type", deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
