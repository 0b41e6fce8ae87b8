import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listOscapProfiles } from "@ib/core/catalog";
import type { AppEnv } from "../../http/types";
import { Distributions, errorResponses } from "../../schemas";
import { DistributionProfileResponse } from "./schemas";

const params = z.object({
  distribution: Distributions.openapi({ param: { name: "distribution", in: "path" } }),
});

const route = createRoute({
  method: "get",
  path: "/oscap/{distribution}/profiles",
  operationId: "getOscapProfiles",
  tags: ["oscap"],
  summary: "get the available profiles for a given distribution. This is a temporary endpoint meant to be removed soon.",
  request: { params },
  responses: {
    200: {
      description: "A list of profiles configurable for this distribution.",
      content: { "application/json": { schema: DistributionProfileResponse } },
    },
    ...errorResponses(400),
  },
});

export function registerGetOscapProfiles(api: OpenAPIHono<AppEnv>) {
  api.openapi(route, (c) => {
    const { distribution } = c.req.valid("param");
    return c.json(listOscapProfiles({ input: { distribution } }) as never, 200);
  });
}
