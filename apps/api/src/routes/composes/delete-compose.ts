import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deleteCompose } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { ComposeIdParams } from "./compose-id-param";

const route = createRoute({
  method: "delete",
  path: "/composes/{composeId}",
  operationId: "deleteCompose",
  tags: ["compose"],
  summary: "delete a compose",
  description: "Deletes a compose, the compose will still count towards quota. A compose still in progress is cancelled first, as by `POST /composes/{composeId}/cancel`.",
  request: { params: ComposeIdParams },
  responses: { 200: { description: "OK" }, ...errorResponses(404) },
});

/** Soft delete; 200 with an empty body, as upstream answers. */
export function registerDeleteCompose(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { composeId } = c.req.valid("param");
    await deleteCompose({ ctx: serviceContext(c, deps), input: { id: composeId } });
    return c.body(null, 200);
  });
}
