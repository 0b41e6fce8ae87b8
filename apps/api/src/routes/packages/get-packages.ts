import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { searchPackages } from "@ib/core/catalog";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import { LINK_PREFIX } from "../../http/prefixes";
import type { AppEnv } from "../../http/types";
import {
  Architecture,
  Distributions,
  errorResponses,
  limitParam,
  ListResponseLinks,
  ListResponseMeta,
  offsetParam,
} from "../../schemas";

export const Package = z.object({ name: z.string(), summary: z.string() }).openapi("Package");

export const PackagesResponse = z
  .object({ meta: ListResponseMeta, links: ListResponseLinks, data: z.array(Package) })
  .openapi("PackagesResponse");

const query = z.object({
  distribution: Distributions.openapi({
    param: { name: "distribution", in: "query" },
    description: "distribution to look up packages for",
  }),
  architecture: Architecture.openapi({
    param: { name: "architecture", in: "query" },
    description: "architecture to look up packages for",
  }),
  search: z.string().openapi({ param: { name: "search", in: "query" }, description: "packages to look for" }),
  limit: limitParam.openapi({ description: "max amount of packages, default 100" }),
  offset: offsetParam.openapi({ description: "packages page offset, default 0" }),
});

const route = createRoute({
  method: "get",
  path: "/packages",
  operationId: "getPackages",
  tags: ["package"],
  request: { query },
  responses: {
    200: { description: "a list of packages", content: { "application/json": { schema: PackagesResponse } } },
    ...errorResponses(400, 403),
  },
});

/** Upstream writes these links by hand: fixed key order, values not encoded. */
function packageLink(search: string, distribution: string, architecture: string, offset: number, limit: number): string {
  return `${LINK_PREFIX}/packages?search=${search}&distribution=${distribution}&architecture=${architecture}&offset=${offset}&limit=${limit}`;
}

export function registerGetPackages(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, (c) => {
    const input = c.req.valid("query");
    const result = searchPackages({ ctx: serviceContext(c, deps), input });
    const { search, distribution, architecture } = input;
    return c.json(
      {
        meta: { count: result.count },
        links: {
          first: packageLink(search, distribution, architecture, 0, result.limit),
          last: packageLink(search, distribution, architecture, result.lastOffset, result.limit),
        },
        data: result.data,
      },
      200,
    );
  });
}
