import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getComposeMetadata } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposeMetadata, errorResponses } from "../../schemas";
import { ComposeIdParams } from "./compose-id-param";

const route = createRoute({
  method: "get",
  path: "/composes/{composeId}/metadata",
  operationId: "getComposeMetadata",
  tags: ["compose"],
  summary: "get metadata of an image compose",
  description: "metadata for an image compose",
  request: { params: ComposeIdParams },
  responses: {
    200: { description: "compose metadata", content: { "application/json": { schema: ComposeMetadata } } },
    ...errorResponses(404, 500),
  },
});

/**
 * The packages of a finished build, stored by the worker or, when it could not get them, asked
 * of composer now and stored; 404 until the build has succeeded, 500 when composer fails.
 */
export function registerGetComposeMetadata(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { composeId } = c.req.valid("param");
    const metadata = await getComposeMetadata({ ctx: serviceContext(c, deps), composer: deps.composer, input: { id: composeId } });
    return c.json(metadata, 200);
  });
}
