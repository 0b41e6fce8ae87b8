import { z } from "@hono/zod-openapi";
import { limitParam, offsetParam, repeatedQueryParam } from "./common";
import { ImageTypes } from "./distributions";

/** An empty query value (`?search=`) counts as absent. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

export const BlueprintIdParams = z.object({
  id: z.uuid().openapi({
    param: { name: "id", in: "path" },
    description: "UUID of a blueprint",
    example: "123e4567-e89b-12d3-a456-426655440000",
  }),
});

export const ListBlueprintsQuery = z.object({
  name: optionalText.openapi({ param: { name: "name", in: "query" }, description: "fetch blueprint with specific name" }),
  search: optionalText.openapi({
    param: { name: "search", in: "query" },
    description: "search for blueprints by name or description",
  }),
  limit: limitParam,
  offset: offsetParam,
});

/** Versions are PostgreSQL integers: a larger number is refused as a bad parameter, not sent to SQL. */
const maxVersion = 2_147_483_647;

export const GetBlueprintQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .max(maxVersion)
    .optional()
    .openapi({
      param: { name: "version", in: "query" },
      type: "integer",
      maximum: maxVersion,
      description: "Filter by a specific version of the Blueprint we want to fetch. Omit or pass -1 to fetch latest version.",
    }),
});

export const BlueprintComposesQuery = z.object({
  blueprint_version: z.coerce
    .number()
    .int()
    .max(maxVersion)
    .optional()
    .openapi({
      param: { name: "blueprint_version", in: "query" },
      type: "integer",
      maximum: maxVersion,
      description:
        "Filter by a specific version of the Blueprint we want to fetch composes for. Pass special value -1 to fetch composes for latest version of the Blueprint.",
    }),
  limit: limitParam,
  offset: offsetParam,
  ignoreImageTypes: repeatedQueryParam(ImageTypes).openapi({
    param: { name: "ignoreImageTypes", in: "query" },
    type: "array",
    items: { $ref: "#/components/schemas/ImageTypes" },
    description: "Filter the composes on image type. The filter is optional and can be specified multiple times.",
  }),
});
