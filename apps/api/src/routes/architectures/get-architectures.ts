import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getArchitectures } from "@ib/core/catalog";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { Distributions, errorResponses, Repository } from "../../schemas";

export const ArchitectureItem = z
  .object({
    arch: z.string().openapi({ example: "x86_64" }),
    image_types: z.array(z.string()),
    repositories: z.array(Repository).openapi({ description: "Base repositories for the given distribution and architecture." }),
  })
  .openapi("ArchitectureItem");

export const Architectures = z.array(ArchitectureItem).openapi("Architectures");

const params = z.object({
  distribution: Distributions.openapi({
    param: { name: "distribution", in: "path" },
    description: "distribution for which to look up available architectures",
    example: "rhel-84",
  }),
});

const route = createRoute({
  method: "get",
  path: "/architectures/{distribution}",
  operationId: "getArchitectures",
  tags: ["distribution", "architecture"],
  summary: "get the architectures and their image types available for a given distribution",
  request: { params },
  responses: {
    200: {
      description: "a list of available architectures and their associated image types",
      content: { "application/json": { schema: Architectures } },
    },
    ...errorResponses(400, 403),
  },
});

export function registerGetArchitectures(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, (c) => {
    const { distribution } = c.req.valid("param");
    return c.json(getArchitectures({ ctx: serviceContext(c, deps), input: { distribution } }) as never, 200);
  });
}
