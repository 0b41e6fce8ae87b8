import { z } from "@hono/zod-openapi";
import { ListResponseLinks, ListResponseMeta } from "./common";
import { BootcBody, ComposeResponse } from "./compose";
import { Customizations } from "./customizations";
import { Distributions, ImageTypes } from "./distributions";
import { ImageRequest } from "./image-request";

/** Set by an export; sent back on import (`POST /blueprints`). */
export const BlueprintMetadata = z
  .object({
    parent_id: z.uuid().nullable(),
    exported_at: z.string(),
    is_on_prem: z.boolean().default(false),
  })
  .openapi("BlueprintMetadata");

/** JSON text of a value with object keys sorted, so equal values compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const CreateBlueprintRequest = z
  .strictObject({
    name: z.string().max(100).openapi({ example: "My Blueprint" }),
    description: z.string().max(250).optional().openapi({ example: "My blueprint description" }),
    distribution: Distributions.optional(),
    bootc: BootcBody.optional(),
    image_requests: z
      .array(ImageRequest)
      .min(1)
      .refine((items) => new Set(items.map(canonicalJson)).size === items.length, { message: "duplicate items found" })
      .openapi({ uniqueItems: true, description: "Array of image requests." }),
    customizations: Customizations,
    metadata: BlueprintMetadata.optional(),
    content_sources: z.array(z.looseObject({})).optional().openapi({
      description:
        "Accepted so an export imports as is; the repositories themselves are imported into content-sources (its bulk import), not stored here.",
    }),
  })
  .refine((b) => b.distribution !== undefined || b.bootc !== undefined, {
    message: "either distribution or bootc needs to be set",
    path: ["distribution"],
  })
  .openapi("CreateBlueprintRequest");
export type CreateBlueprintRequest = z.output<typeof CreateBlueprintRequest>;

export const CreateBlueprintResponse = z.object({ id: z.uuid() }).openapi("CreateBlueprintResponse");

export const BlueprintItem = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    name: z.string(),
    description: z.string(),
    last_modified_at: z.string(),
  })
  .openapi("BlueprintItem");

export const BlueprintsResponse = z
  .object({ meta: ListResponseMeta, links: ListResponseLinks, data: z.array(BlueprintItem) })
  .openapi("BlueprintsResponse");

export const BlueprintLintItem = z
  .object({
    name: z.string().openapi({ example: "Compliance" }),
    description: z.string().openapi({ example: "package a required by policy is not present" }),
  })
  .openapi("BlueprintLintItem");

export const BlueprintLint = z
  .object({ errors: z.array(BlueprintLintItem), warnings: z.array(BlueprintLintItem) })
  .openapi("BlueprintLint", {
    description:
      "Linting errors and warnings in the current blueprint. Errors might need to be resolved before the blueprint can be used to build images again. Warnings provide information about policy changes.",
  });

export const BlueprintResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    lint: BlueprintLint,
    distribution: Distributions.optional(),
    bootc: BootcBody.optional(),
    image_requests: z.array(ImageRequest).min(1),
    customizations: Customizations,
  })
  .openapi("BlueprintResponse");

export const BlueprintExportResponse = z
  .object({
    name: z.string(),
    description: z.string(),
    distribution: Distributions.optional(),
    bootc: BootcBody.optional(),
    customizations: Customizations,
    metadata: BlueprintMetadata,
    content_sources: z.array(z.looseObject({})).optional().openapi({
      description:
        "Custom repositories with the details needed to recreate them. Not produced by this service (no content-sources integration).",
    }),
    snapshot_date: z.string().optional().openapi({
      description: "Exported for information; importing a snapshot date is not supported.",
    }),
  })
  .openapi("BlueprintExportResponse");

/** `POST /blueprints/{id}/compose`: which image types to build; absent = every image request. */
export const ComposeBlueprintRequest = z
  .object({ image_types: z.array(ImageTypes).optional().openapi({ example: ["azure", "aws"] }) })
  .openapi("ComposeBlueprintRequest");

export const ComposeBlueprintResponse = z.array(ComposeResponse);
