import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listBootcDistributions, listDistributions } from "@ib/core/catalog";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { DistributionKind, DistributionsResponse } from "./schemas";

const bootcFilter = (name: string, example: string, what: string) =>
  z
    .string()
    .optional()
    .openapi({ param: { name, in: "query" }, example, description: `Filter bootc distributions by ${what}. Only applies when kind=bootc.` });

const query = z.object({
  kind: DistributionKind.optional().openapi({
    param: { name: "kind", in: "query" },
    description: "Kind of distributions to return. When set to 'bootc', returns bootc/image-mode distributions.",
  }),
  distro: bootcFilter("distro", "rhel-10.0", "distribution name"),
  arch: bootcFilter("arch", "x86_64", "CPU architecture"),
  type: bootcFilter("type", "aws", "image type"),
});

const route = createRoute({
  method: "get",
  path: "/distributions",
  operationId: "getDistributions",
  tags: ["distribution"],
  summary: "get the distributions available to this user",
  request: { query },
  responses: {
    200: {
      description: "A list of distributions. The items in the array depend on the 'kind' parameter.",
      content: { "application/json": { schema: DistributionsResponse } },
    },
  },
});

export function registerGetDistributions(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, (c) => {
    const { kind, distro, arch, type } = c.req.valid("query");
    const ctx = serviceContext(c, deps);
    const body =
      kind === "bootc" ? listBootcDistributions({ ctx, input: { distro, arch, type } }) : listDistributions({ ctx });
    return c.json(body, 200);
  });
}
