import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { exportBlueprint } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { BlueprintExportResponse } from "../../schemas/blueprint";
import { BlueprintIdParams } from "../../schemas/blueprint-params";
import { jsonContent } from "./responses";

export function registerExportBlueprint(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/blueprints/{id}/export",
    operationId: "exportBlueprint",
    tags: ["blueprint"],
    summary: "export a blueprint",
    description:
      "The latest version without secrets (passwords, certificates, subscription, registration files). Without a content-sources integration the export carries no `content_sources`.",
    request: { params: BlueprintIdParams },
    responses: { 200: jsonContent("detail of a blueprint", BlueprintExportResponse), ...errorResponses(400, 404) },
  });
  api.openapi(route, async (c) => {
    const exported = await exportBlueprint({ ctx: serviceContext(c, deps), input: c.req.valid("param") });
    // The stored body was validated by the same schemas when it was saved.
    return c.json(exported as z.output<typeof BlueprintExportResponse>, 200);
  });
}
