import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { recommendPackages } from "@ib/core/recommendations";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { requireJsonBody } from "../../http/validation";
import { errorResponses } from "../../schemas";
import { RecommendationsResponse, RecommendPackageRequest } from "./schemas";

const route = createRoute({
  method: "post",
  path: "/experimental/recommendations",
  operationId: "recommendPackage",
  tags: ["recommendations"],
  summary: "List recommended packages.",
  description: "Returns a list of recommended packages for given list of packages.",
  middleware: [requireJsonBody()] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: RecommendPackageRequest } } },
  },
  responses: {
    200: { description: "Return the recommended packages.", content: { "application/json": { schema: RecommendationsResponse } } },
    ...errorResponses(400, 500),
  },
});

export function registerRecommendPackages(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const answer = await recommendPackages({ ctx: serviceContext(c, deps), input: c.req.valid("json") });
    return c.json(answer, 200);
  });
}
