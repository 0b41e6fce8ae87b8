import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/types";

/** The OpenAPI document, built from the same zod schemas that validate requests; built once. */
export function openApiDocument(api: OpenAPIHono<AppEnv>) {
  let cached: unknown;
  return () => {
    cached ??= api.getOpenAPIDocument({
      openapi: "3.0.1",
      info: {
        title: "Image-builder service",
        version: "1.0",
        description: "Service that relays image build requests",
        license: { name: "Apache 2.0", url: "https://www.apache.org/licenses/LICENSE-2.0.html" },
      },
      servers: [{ url: "/api/image-builder/v1" }, { url: "/api/image-builder/v1.0" }],
    });
    return cached;
  };
}

/**
 * `GET /openapi.json` in the document itself, as upstream lists it. The route is served at the
 * root, before the identity check (see registerRootMetaRoutes); this only describes it.
 */
export function documentOpenApiPath(api: OpenAPIHono<AppEnv>) {
  api.openAPIRegistry.registerPath({
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenapiJson",
    tags: ["meta", "noAuth"],
    summary: "get the openapi json specification",
    responses: { 200: { description: "returns this document", content: { "application/json": { schema: z.object({}) } } } },
  });
}
