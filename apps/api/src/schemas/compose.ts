import { z } from "@hono/zod-openapi";
import { ListResponseLinks, ListResponseMeta } from "./common";
import { Customizations } from "./customizations";
import { Distributions } from "./distributions";
import { ImageRequest } from "./image-request";
import { UploadStatus } from "./upload";

export const BootcBody = z
  .object({
    reference: z.string().openapi({ description: "Image name from the bootc distributions list." }),
    iso_payload_reference: z.string().optional().openapi({
      description: "Optional container image reference for a payload container to embed in the ISO (bootable-container-iso only).",
    }),
  })
  .openapi("BootcBody", { description: "Bootc/Image Mode compose parameters." });

export const clientIds = ["api", "ui", "mcp"] as const;
export const ClientId = z.enum(clientIds).default("api").openapi("ClientId");
export type ClientId = (typeof clientIds)[number];

export const ComposeRequest = z
  .strictObject({
    distribution: Distributions.optional(),
    bootc: BootcBody.optional(),
    image_name: z.string().max(100).optional().openapi({ example: "MyImageName" }),
    image_description: z.string().max(250).optional().openapi({ example: "MyImageDescription" }),
    client_id: ClientId,
    image_requests: z.array(ImageRequest).min(1).max(1).openapi({
      uniqueItems: true,
      description: "Array of exactly one image request. Having more image requests in one compose is currently not supported.",
    }),
    customizations: Customizations.optional(),
  })
  .openapi("ComposeRequest");
export type ComposeRequest = z.output<typeof ComposeRequest>;

export const ComposeResponse = z.object({ id: z.uuid() }).openapi("ComposeResponse");

export const ComposesResponseItem = z
  .object({
    id: z.uuid(),
    request: ComposeRequest,
    created_at: z.string(),
    image_name: z.string().optional(),
    client_id: ClientId.optional(),
    blueprint_id: z.uuid().nullable().optional(),
    blueprint_version: z.number().int().nullable().optional(),
  })
  .openapi("ComposesResponseItem");

export const ComposesResponse = z
  .object({ meta: ListResponseMeta, links: ListResponseLinks, data: z.array(ComposesResponseItem) })
  .openapi("ComposesResponse");

export const SubProgress = z
  .object({
    done: z.number().int().openapi({ description: "Amount of completed steps in the build." }),
    total: z.number().int().openapi({ description: "Total amount of steps in the build." }),
  })
  .openapi("SubProgress");

export const Progress = SubProgress.extend({ subprogress: SubProgress.optional() }).openapi("Progress");

export const ComposeStatusError = z
  .object({ id: z.number().int(), reason: z.string(), details: z.unknown().optional() })
  .openapi("ComposeStatusError");

export const imageStatuses = ["success", "failure", "pending", "building", "uploading", "registering"] as const;

export const ImageStatus = z
  .object({
    status: z.enum(imageStatuses).openapi({ example: "success" }),
    progress: Progress.optional(),
    upload_status: UploadStatus.optional(),
    error: ComposeStatusError.optional(),
  })
  .openapi("ImageStatus");

export const ComposeStatus = z.object({ image_status: ImageStatus, request: ComposeRequest }).openapi("ComposeStatus");

export const PackageMetadata = z
  .object({
    type: z.string(),
    name: z.string(),
    version: z.string(),
    release: z.string(),
    epoch: z.string().optional(),
    arch: z.string(),
    sigmd5: z.string(),
    signature: z.string().optional(),
  })
  .openapi("PackageMetadata");

export const ComposeMetadata = z
  .object({
    packages: z.array(PackageMetadata).optional().openapi({ description: "Package list including NEVRA" }),
    ostree_commit: z.string().optional().openapi({ description: "ID (hash) of the built commit" }),
  })
  .openapi("ComposeMetadata");
