import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getPolicyCustomizations } from "@ib/core/compliance";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { Customizations, Distributions, errorResponses } from "../../schemas";

const params = z.object({
  policy: z.uuid().openapi({ param: { name: "policy", in: "path" }, format: "uuid", example: "123e4567-e89b-12d3-a456-426655440000" }),
  distribution: Distributions.openapi({ param: { name: "distribution", in: "path" } }),
});

const route = createRoute({
  method: "get",
  path: "/oscap/{policy}/{distribution}/policy_customizations",
  operationId: "getOscapCustomizationsForPolicy",
  tags: ["oscap"],
  summary: "get the customizations for a compliance policy",
  description:
    "The customizations the compliance policy requires for the distribution's RHEL release. A distribution that is not a RHEL minor release: 400; no such policy or no tailoring for the release: 404.",
  request: { params },
  responses: {
    200: {
      description: "A customizations array updated with the needed elements.",
      content: { "application/json": { schema: Customizations } },
    },
    ...errorResponses(400, 403, 404, 500),
  },
});

export function registerGetPolicyCustomizations(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { policy, distribution } = c.req.valid("param");
    const customizations = await getPolicyCustomizations({ ctx: serviceContext(c, deps), input: { policyId: policy, distribution } });
    return c.json(customizations as never, 200);
  });
}
