import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getDistributionDetails } from "@ib/core/catalog";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses, repeatedQueryParam } from "../../schemas";
import { DistributionDetails } from "./schemas";

const params = z.object({
  distro: z.string().openapi({ param: { name: "distro", in: "path" }, example: "rhel-9.6", description: "Name of the distribution" }),
});

/**
 * Filters are passed on to composer in its query string: names of image types and architectures,
 * bounded so that the request composer receives stays within its header limit (16 KiB).
 */
const filterName = z.string().regex(/^[\w.-]{0,64}$/, "a name of at most 64 letters, digits, '_', '-' or '.'");
const maxFilters = 64;

const query = z.object({
  image_type: repeatedQueryParam(filterName, maxFilters).openapi({
    param: { name: "image_type", in: "query" },
    example: ["ami", "aws"],
    description: "Filter by image type. Multiple values can be specified.",
  }),
  architecture: repeatedQueryParam(filterName, maxFilters).openapi({
    param: { name: "architecture", in: "query" },
    example: ["x86_64", "aarch64"],
    description: "Filter by architecture. Multiple values can be specified.",
  }),
});

const route = createRoute({
  method: "get",
  path: "/distributions/{distro}",
  operationId: "getDistribution",
  tags: ["distribution"],
  summary: "Get details for a specific distribution",
  description: "Returns complete metadata for a distribution including architectures and image types",
  request: { params, query },
  responses: {
    200: { description: "Distribution details", content: { "application/json": { schema: DistributionDetails } } },
    ...errorResponses(400, 404, 500),
  },
});

export function registerGetDistribution(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { distro } = c.req.valid("param");
    const { image_type, architecture } = c.req.valid("query");
    const details = await getDistributionDetails({
      ctx: serviceContext(c, deps),
      composer: deps.composer,
      input: { distro, imageTypes: image_type, architectures: architecture },
    });
    return c.json(details as never, 200);
  });
}
