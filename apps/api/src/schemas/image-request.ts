import { z } from "@hono/zod-openapi";
import { Architecture, ImageTypes } from "./distributions";
import { UploadRequest } from "./upload";

export const OSTree = z
  .object({
    url: z.string().optional(),
    contenturl: z.string().optional().openapi({
      description: "A URL which, if set, is used for fetching content. Implies that `url` is set as well, which will be used for metadata only.",
    }),
    ref: z.string().optional().openapi({ example: "rhel/8/x86_64/edge" }),
    parent: z.string().optional().openapi({ description: "Can be either a commit or a branch-like reference" }),
    rhsm: z.boolean().optional().openapi({
      description: "Determines whether a valid subscription manager (candlepin) identity is required to access this repository.",
    }),
  })
  .openapi("OSTree");

export const ImageRequest = z
  .strictObject({
    architecture: Architecture,
    image_type: ImageTypes,
    upload_request: UploadRequest,
    ostree: OSTree.optional(),
    size: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "Size of image, in bytes. When set to 0 the image size is a minimum defined by the image type.", example: 4294967296 }),
    snapshot_date: z.string().optional().openapi({
      description: "Snapshotted content will be used instead of the official repositories of the distribution. RFC3339 (or yyyy-mm-dd).",
    }),
    content_template: z.string().optional().openapi({
      description: "ID of the content template. A content template and snapshot date cannot both be specified.",
    }),
    content_template_name: z.string().optional().openapi({
      description: "Name of the content template. Used when registering the system to Insights.",
    }),
  })
  .openapi("ImageRequest");
export type ImageRequest = z.output<typeof ImageRequest>;
