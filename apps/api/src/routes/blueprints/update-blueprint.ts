import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { updateBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { requireJsonBody } from "../../http/validation";
import { errorResponses } from "../../schemas";
import { CreateBlueprintRequest, CreateBlueprintResponse } from "../../schemas/blueprint";
import { BlueprintIdParams } from "../../schemas/blueprint-params";
import { jsonContent, unprocessable } from "./responses";

export function registerUpdateBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "put",
    path: "/blueprints/{id}",
    operationId: "updateBlueprint",
    tags: ["blueprint"],
    summary: "update blueprint",
    description: "Stores the body as the blueprint's next version. Answers 201, as the upstream service does.",
    middleware: [requireJsonBody()] as const,
    request: {
      params: BlueprintIdParams,
      body: {
        required: true,
        description: "details of blueprint",
        content: { "application/json": { schema: CreateBlueprintRequest } },
      },
    },
    responses: {
      201: jsonContent("blueprint was updated", CreateBlueprintResponse),
      ...unprocessable,
      ...errorResponses(400, 404),
    },
  });
  api.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const updated = await updateBlueprint({
      ctx: serviceContext(c, deps),
      input: { id, blueprint: c.req.valid("json") },
    });
    return c.json({ id: updated.id }, 201);
  });
}
