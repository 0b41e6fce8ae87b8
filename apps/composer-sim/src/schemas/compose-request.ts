import { z } from "zod";
import { customizations } from "./customizations";
import { repository } from "./repository";
import { uploadOptions, uploadTarget } from "./upload-options";

export const imageTypes = [
  "aws",
  "aws-cvm",
  "aws-ha-rhui",
  "aws-rhui",
  "aws-sap-rhui",
  "azure",
  "azure-cvm",
  "azure-eap7-rhui",
  "azure-rhui",
  "azure-sapapps-rhui",
  "azure-sap-rhui",
  "bootable-container-iso",
  "edge-commit",
  "edge-container",
  "edge-installer",
  "gcp",
  "gcp-rhui",
  "guest-image",
  "image-installer",
  "iot-bootable-container",
  "iot-commit",
  "iot-container",
  "iot-installer",
  "iot-raw-image",
  "iot-simplified-installer",
  "live-installer",
  "minimal-raw",
  "network-installer",
  "everything-network-installer",
  "server-network-installer",
  "oci",
  "pxe-tar-xz",
  "vsphere",
  "vsphere-ova",
  "wsl",
] as const;
export type ImageType = (typeof imageTypes)[number];

export const imageRequest = z.strictObject({
  architecture: z.string(),
  image_type: z.enum(imageTypes),
  repositories: z.array(repository),
  ostree: z
    .looseObject({
      url: z.string().optional(),
      contenturl: z.string().optional(),
      ref: z.string().optional(),
      parent: z.string().optional(),
      rhsm: z.boolean().optional(),
    })
    .optional(),
  upload_targets: z.array(uploadTarget).optional(),
  upload_options: uploadOptions.optional(),
  size: z.number().int().min(0).optional(),
});
export type ImageRequest = z.infer<typeof imageRequest>;

/** Composer's `ComposeRequest`, strict like the spec (`additionalProperties: false`). */
export const composeRequest = z.strictObject({
  distribution: z.string().optional(),
  bootc: z
    .looseObject({
      reference: z.string(),
      build_reference: z.string().optional(),
      iso_payload_reference: z.string().optional(),
    })
    .optional(),
  image_request: imageRequest.optional(),
  image_requests: z.array(imageRequest).optional(),
  customizations: customizations.optional(),
  koji: z
    .strictObject({ server: z.url(), task_id: z.number().int(), name: z.string(), version: z.string(), release: z.string() })
    .optional(),
  blueprint: z.looseObject({ name: z.string() }).optional(),
  blueprint_id: z.guid().optional(),
});
export type ComposeRequest = z.infer<typeof composeRequest>;
