import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createCompose } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { IdempotencyKeyHeaders, idempotentCreation } from "../../http/idempotency";
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
    headers: IdempotencyKeyHeaders,
    body: { required: true, description: "details of image to be composed", content: { "application/json": { schema: ComposeRequest } } },
  },
  responses: {
    201: { description: "compose was accepted", content: { "application/json": { schema: ComposeResponse } } },
    ...errorResponses(400, 403, 409, 413, 415, 422),
  },
});

/** Accepts the compose and queues its build; answers before composer sees it. Idempotent with an `Idempotency-Key`. */
export function registerPostCompose(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const request = c.req.valid("json");
    return idempotentCreation(c, deps, { operation: "composeImage", request }, async () => {
      const { id, enqueued } = await createCompose({ ctx: serviceContext(c, deps), input: { request } });
      if (!enqueued) deps.metrics.enqueueFailures.inc();
      return { id };
    }) as never;
  });
}
