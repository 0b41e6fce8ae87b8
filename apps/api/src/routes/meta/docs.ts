import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { getAbsoluteFSPath } from "swagger-ui-dist";
import type { AppEnv } from "../../http/types";

const ASSETS = "/docs/assets";

/** The only files the page loads, served from the swagger-ui-dist package: never from a CDN. */
const assetTypes: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/**
 * `GET /docs`: Swagger UI over the served `/openapi.json`, with its script and style from this
 * service (`/docs/assets/swagger-ui-dist/*`), so it works where nothing outside is reachable.
 */
export function registerDocsPage(app: OpenAPIHono<AppEnv>): void {
  app.get("/docs", swaggerUI({ url: "/openapi.json", baseUrl: ASSETS, title: "Image Builder API", deepLinking: true }));
  const cache = new Map<string, Promise<Buffer>>();
  app.get(`${ASSETS}/swagger-ui-dist/:file`, async (c) => {
    const file = c.req.param("file");
    const type = assetTypes[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = readFile(join(getAbsoluteFSPath(), file));
      cache.set(file, body);
    }
    c.header("content-type", type);
    c.header("cache-control", "public, max-age=86400");
    return c.body(new Uint8Array(await body));
  });
}
