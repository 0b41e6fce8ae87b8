import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { cancelCompose } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposeStatus, errorResponses } from "../../schemas";
import { ComposeIdParams } from "./compose-id-param";
import { composeStatusBody } from "./shape";

const route = createRoute({
  method: "post",
  path: "/composes/{composeId}/cancel",
  operationId: "cancelCompose",
  tags: ["compose"],
  summary: "cancel an image compose",
  description:
    "Cancels a compose still in progress. It ends at once as `failure` with an error saying it was cancelled; a compose " +
    "not yet submitted is never built, a build already running is deleted at composer. A compose that has finished: 409.",
  request: { params: ComposeIdParams },
  responses: {
    202: { description: "the compose was cancelled; its new status", content: { "application/json": { schema: ComposeStatus } } },
    ...errorResponses(404, 409),
  },
});

export function registerCancelCompose(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { composeId } = c.req.valid("param");
    const compose = await cancelCompose({ ctx: serviceContext(c, deps), input: { id: composeId } });
    // Stored requests were accepted by the same ComposeRequest schema.
    return c.json(composeStatusBody(compose), 202) as never;
  });
}
