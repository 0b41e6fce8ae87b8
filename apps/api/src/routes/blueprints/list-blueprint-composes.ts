import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listBlueprintComposes } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { paginationLinks } from "../../http/pagination-links";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposesResponse, errorResponses } from "../../schemas";
import { BlueprintComposesQuery, BlueprintIdParams } from "../../schemas/blueprint-params";
import { composeListResponse } from "../composes/shape";
import { jsonContent } from "./responses";

export function registerListBlueprintComposes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/blueprints/{id}/composes",
    operationId: "getBlueprintComposes",
    tags: ["blueprint"],
    summary: "get composes associated with a blueprint",
    description: "get a collection of composes associated to a blueprint, allows for filtering by version",
    request: { params: BlueprintIdParams, query: BlueprintComposesQuery },
    responses: { 200: jsonContent("a list of composes", ComposesResponse), ...errorResponses(400, 404) },
  });
  api.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const page = await listBlueprintComposes({
      ctx: serviceContext(c, deps),
      input: {
        id,
        version: query.blueprint_version,
        limit: query.limit,
        offset: query.offset,
        ignoreImageTypes: query.ignoreImageTypes,
      },
    });
    const links = paginationLinks("composes", query.limit, page.count, { blueprint_id: id, blueprint_version: page.version });
    // Stored requests were accepted by the same ComposeRequest schema.
    return composeListResponse(c, page.count, links, page.composes) as never;
  });
}
