import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { fixupBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { BlueprintIdParams } from "../../schemas/blueprint-params";

export function registerFixupBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "post",
    path: "/experimental/blueprints/{id}/fixup",
    operationId: "fixupBlueprint",
    tags: ["blueprint"],
    summary: "Apply linter fixes to blueprint",
    description:
      "Apply fixes which should fix any lint errors in the blueprint: what its compliance policy requires is added and written as a new version. Answers 201 without a body, as the upstream service does.",
    request: { params: BlueprintIdParams },
    responses: { 201: { description: "successful update" }, ...errorResponses(400, 403, 404, 500) },
  });
  api.openapi(route, async (c) => {
    await fixupBlueprint({ ctx: serviceContext(c, deps), input: c.req.valid("param") });
    return c.body(null, 201);
  });
}
