import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listBlueprints } from "@ib/core/blueprint";
import type { AppDeps } from "../../deps";
import { paginationLinks } from "../../http/pagination-links";
import { conditionalJson } from "../../http/conditional";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { BlueprintsResponse } from "../../schemas/blueprint";
import { ListBlueprintsQuery } from "../../schemas/blueprint-params";
import { jsonContent, notModified } from "./responses";
import { rfc3339 } from "../composes/shape";

export function registerListBlueprints(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const route = createRoute({
    method: "get",
    path: "/blueprints",
    operationId: "getBlueprints",
    tags: ["blueprint"],
    summary: "get a collection of blueprints",
    description: "get a collection of blueprints, returns just the latest version of each blueprint",
    request: { query: ListBlueprintsQuery },
    responses: { 200: jsonContent("a list of blueprints", BlueprintsResponse), ...notModified, ...errorResponses(400) },
  });
  api.openapi(route, async (c) => {
    const query = c.req.valid("query");
    // Exact name wins over search, as upstream: the other one is ignored, also in the links.
    const filter = query.name ? { name: query.name } : query.search ? { search: query.search } : {};
    const page = await listBlueprints({
      ctx: serviceContext(c, deps),
      input: { ...filter, limit: query.limit, offset: query.offset },
    });
    return conditionalJson(
      c,
      {
        meta: { count: page.count },
        links: paginationLinks("blueprints", query.limit, page.count, filter),
        data: page.blueprints.map((b) => ({
          id: b.id,
          name: b.name,
          description: b.description,
          version: b.version,
          last_modified_at: rfc3339(b.lastModifiedAt),
        })),
      },
    ) as never;
  });
}
