import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createCompose } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { requireJsonBody } from "../../http/validation";
import { ComposeRequest, ComposeResponse, errorResponses } from "../../schemas";

const route = createRoute({
  method: "post",
  path: "/compose",
  operationId: "composeImage",
  tags: ["compose"],
  summary: "compose image",
  description: "compose image",
  middleware: [requireJsonBody()] as const,
  request: {
    body: { required: true, description: "details of image to be composed", content: { "application/json": { schema: ComposeRequest } } },
  },
  responses: {
    201: { description: "compose was accepted", content: { "application/json": { schema: ComposeResponse } } },
    ...errorResponses(400, 403, 413, 415),
  },
});

/** Accepts the compose and queues its build; answers before composer sees it. */
export function registerPostCompose(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const request = c.req.valid("json");
    const { id, enqueued } = await createCompose({ ctx: serviceContext(c, deps), input: { request } });
    if (!enqueued) deps.metrics.enqueueFailures.inc();
    return c.json({ id }, 201);
  });
}
