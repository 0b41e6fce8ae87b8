import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { composeBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { IdempotencyKeyHeaders, idempotentCreation } from "../../http/idempotency";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { ComposeBlueprintRequest, ComposeBlueprintResponse } from "../../schemas/blueprint";
import { BlueprintIdParams } from "../../schemas/blueprint-params";
import { clientIdFromHeader } from "./client-id";
import { emptyBodyIsNoBody } from "./empty-body";
import { jsonContent } from "./responses";

export function registerComposeBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "post",
    path: "/blueprints/{id}/compose",
    operationId: "composeBlueprint",
    tags: ["blueprint"],
    summary: "create new compose from blueprint",
    description:
      "create new compose from blueprint, optionally specifying the target image types to build. One compose (and one quota unit) per image request; the first failure stops and is returned.",
    middleware: [emptyBodyIsNoBody()] as const,
    request: {
      params: BlueprintIdParams,
      headers: IdempotencyKeyHeaders,
      body: {
        required: false,
        description: "list of target image types that the user wants to build for this compose",
        content: { "application/json": { schema: ComposeBlueprintRequest } },
      },
    },
    responses: {
      201: jsonContent("compose was created", ComposeBlueprintResponse),
      ...errorResponses(400, 403, 404, 409, 422),
    },
  });
  api.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const clientId = clientIdFromHeader(c.req.header("x-imagebuilder-ui"));
    return idempotentCreation(c, deps, { operation: "composeBlueprint", id, clientId, body }, () =>
      composeBlueprint({ ctx: serviceContext(c, deps), input: { id, imageTypes: body.image_types, clientId } }),
    ) as never;
  });
}
