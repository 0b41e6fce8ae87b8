import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { getBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { conditionalJson } from "../../http/conditional";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { BlueprintResponse } from "../../schemas/blueprint";
import { BlueprintIdParams, GetBlueprintQuery } from "../../schemas/blueprint-params";
import { jsonContent, notModified } from "./responses";

export function registerGetBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/blueprints/{id}",
    operationId: "getBlueprint",
    tags: ["blueprint"],
    summary: "get detail of a blueprint",
    request: { params: BlueprintIdParams, query: GetBlueprintQuery },
    responses: { 200: jsonContent("detail of a blueprint", BlueprintResponse), ...notModified, ...errorResponses(400, 404) },
  });
  api.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { version } = c.req.valid("query");
    const { version: _number, ...blueprint } = await getBlueprint({ ctx: serviceContext(c, deps), input: { id, version } });
    // The stored body was validated by the same schemas when it was saved.
    return conditionalJson(c, blueprint as z.output<typeof BlueprintResponse>) as never;
  });
}
