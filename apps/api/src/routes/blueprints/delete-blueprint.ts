import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deleteBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { BlueprintIdParams } from "../../schemas/blueprint-params";

export function registerDeleteBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "delete",
    path: "/blueprints/{id}",
    operationId: "deleteBlueprint",
    tags: ["blueprint"],
    summary: "delete a blueprint",
    description: "Deletes all versions of Blueprint, the compose will still count towards quota.",
    request: { params: BlueprintIdParams },
    responses: { 204: { description: "Successfully deleted" }, ...errorResponses(400, 404) },
  });
  api.openapi(route, async (c) => {
    await deleteBlueprint({ ctx: serviceContext(c, deps), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
