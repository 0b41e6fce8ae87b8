import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getOscapCustomizations } from "@ib/core/catalog";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { Customizations, Distributions, errorResponses } from "../../schemas";
import { DistributionProfileItem } from "./schemas";

const params = z.object({
  distribution: Distributions.openapi({ param: { name: "distribution", in: "path" } }),
  profile: DistributionProfileItem.openapi({
    param: { name: "profile", in: "path" },
    description: "Name of the profile to retrieve customizations from",
  }),
});

const route = createRoute({
  method: "get",
  path: "/oscap/{distribution}/{profile}/customizations",
  operationId: "getOscapCustomizations",
  tags: ["oscap"],
  summary: "get the customizations for a given distribution and profile. This is a temporary endpoint meant to be removed soon.",
  request: { params },
  responses: {
    200: {
      description: "A customizations array updated with the needed elements.",
      content: { "application/json": { schema: Customizations } },
    },
    ...errorResponses(400),
  },
});

export function registerGetOscapCustomizations(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { distribution, profile } = c.req.valid("param");
    const customizations = await getOscapCustomizations({ ctx: serviceContext(c, deps), input: { distribution, profile } });
    return c.json(customizations as never, 200);
  });
}
