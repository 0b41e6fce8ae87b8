import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listComposes } from "@ib/core/compose";
import type { AppDeps } from "../../deps";
import { paginationLinks } from "../../http/pagination-links";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { ComposesResponse, ImageTypes, PaginationQuery, repeatedQueryParam } from "../../schemas";
import { composeListResponse } from "./shape";

const query = PaginationQuery.extend({
  ignoreImageTypes: repeatedQueryParam(ImageTypes).openapi({
    param: { name: "ignoreImageTypes", in: "query" },
    description: "Filter the composes on image type. The filter is optional and can be specified multiple times.",
    example: ["rhel-edge-installer", "rhel-edge-commit"],
  }),
});

const route = createRoute({
  method: "get",
  path: "/composes",
  operationId: "getComposes",
  tags: ["compose"],
  summary: "get a collection of previous compose requests for the logged in user",
  request: { query },
  responses: {
    200: { description: "a list of composes", content: { "application/json": { schema: ComposesResponse } } },
    304: { description: "not modified: `If-None-Match` names the current ETag" },
  },
});

export function registerGetComposes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { limit, offset, ignoreImageTypes } = c.req.valid("query");
    const list = await listComposes({ ctx: serviceContext(c, deps), input: { limit, offset, ignoreImageTypes } });
    // Stored requests were accepted by the same ComposeRequest schema.
    return composeListResponse(c, list.count, paginationLinks("composes", limit, list.count), list.composes) as never;
  });
}
