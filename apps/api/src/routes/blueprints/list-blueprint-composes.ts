import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { listBlueprintComposes } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { paginationLinks } from "../../http/pagination-links";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposesResponse, errorResponses } from "../../schemas";
import { BlueprintComposesQuery, BlueprintIdParams } from "../../schemas/blueprint-params";
import { composeListItem } from "../composes/shape";
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
    const body = {
      meta: { count: page.count },
      links: paginationLinks("composes", query.limit, page.count, { blueprint_id: id, blueprint_version: page.version }),
      data: page.composes.map(composeListItem),
    };
    // Stored requests were accepted by the same ComposeRequest schema.
    return c.json(body as z.output<typeof ComposesResponse>, 200);
  });
}
