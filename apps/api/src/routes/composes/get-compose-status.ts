import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getCompose } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { conditionalJson } from "../../http/conditional";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposeStatus, errorResponses } from "../../schemas";
import { ComposeIdParams } from "./compose-id-param";
import { composeStatusBody } from "./shape";

const route = createRoute({
  method: "get",
  path: "/composes/{composeId}",
  operationId: "getComposeStatus",
  tags: ["compose"],
  summary: "get status of an image compose",
  description: "status of an image compose",
  request: { params: ComposeIdParams },
  responses: {
    200: { description: "compose status", content: { "application/json": { schema: ComposeStatus } } },
    304: { description: "not modified: `If-None-Match` names the current ETag" },
    ...errorResponses(404),
  },
});

/** The stored state of the build: answered from the database, never from composer. */
export function registerGetComposeStatus(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { composeId } = c.req.valid("param");
    const compose = await getCompose({ ctx: serviceContext(c, deps), input: { id: composeId } });
    return conditionalJson(c, composeStatusBody(compose)) as never;
  });
}
