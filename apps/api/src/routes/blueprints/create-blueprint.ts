import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { requireJsonBody } from "../../http/validation";
import { errorResponses } from "../../schemas";
import { CreateBlueprintRequest, CreateBlueprintResponse } from "../../schemas/blueprint";
import { jsonContent, unprocessable } from "./responses";

export function registerCreateBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "post",
    path: "/blueprints",
    operationId: "createBlueprint",
    tags: ["blueprint"],
    summary: "create blueprint",
    middleware: [requireJsonBody()] as const,
    request: {
      body: {
        required: true,
        description: "details of blueprint",
        content: { "application/json": { schema: CreateBlueprintRequest } },
      },
    },
    responses: {
      201: jsonContent("blueprint was saved", CreateBlueprintResponse),
      ...unprocessable,
      ...errorResponses(400, 403),
    },
  });
  api.openapi(route, async (c) => {
    const created = await createBlueprint({ ctx: serviceContext(c, deps), input: c.req.valid("json") });
    return c.json(created, 201);
  });
}
