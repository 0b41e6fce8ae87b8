import { z } from "@hono/zod-openapi";
import { uniqueStringArray } from "./unique";

export const uploadTypeNames = ["aws", "gcp", "azure", "aws.s3", "oci.objectstorage"] as const;
export const UploadTypes = z.enum(uploadTypeNames).openapi("UploadTypes");
export type UploadTypes = z.infer<typeof UploadTypes>;

// The option objects are open (no additionalProperties: false): stored and echoed as sent.
export const AWSUploadRequestOptions = z
  .looseObject({
    share_with_accounts: uniqueStringArray().optional(),
    share_with_sources: uniqueStringArray().optional(),
  })
  .openapi("AWSUploadRequestOptions");

export const AWSS3UploadRequestOptions = z.looseObject({}).openapi("AWSS3UploadRequestOptions");

export const GCPUploadRequestOptions = z
  .looseObject({
    share_with_accounts: uniqueStringArray()
      .optional()
      .openapi({
        description:
          "List of valid Google accounts to share the imported Compute Node image with: 'user:{emailid}', 'serviceAccount:{emailid}', 'group:{emailid}' or 'domain:{domain}'.",
      }),
  })
  .openapi("GCPUploadRequestOptions");

export const AzureUploadRequestOptions = z
  .looseObject({
    tenant_id: z.string().optional().openapi({ description: "ID of the tenant where the image should be uploaded." }),
    subscription_id: z
      .string()
      .optional()
      .openapi({ description: "ID of subscription where the image should be uploaded." }),
    resource_group: z.string().openapi({ description: "Name of the resource group where the image should be uploaded." }),
    image_name: z
      .string()
      .min(1)
      .max(60)
      .regex(new RegExp("(^[a-zA-Z0-9]$)|(^[a-zA-Z0-9][a-zA-Z0-9_\\.-]*[a-zA-Z0-9_]$)"))
      .optional()
      .openapi({ description: "Name of the created image." }),
    hyper_v_generation: z.enum(["V1", "V2"]).default("V1"),
  })
  .openapi("AzureUploadRequestOptions");

export const OCIUploadRequestOptions = z.looseObject({}).openapi("OCIUploadRequestOptions");

const optionsByType = {
  aws: AWSUploadRequestOptions,
  "aws.s3": AWSS3UploadRequestOptions,
  gcp: GCPUploadRequestOptions,
  azure: AzureUploadRequestOptions,
  "oci.objectstorage": OCIUploadRequestOptions,
} satisfies Record<UploadTypes, z.ZodType>;

/**
 * Where the image goes. The spec lets `options` be any of the option objects; we validate them
 * against the one that belongs to `type` so that its defaults (hyper_v_generation) are filled in.
 */
export const UploadRequest = z
  .object({
    type: UploadTypes,
    options: z.union([
      AWSUploadRequestOptions,
      AWSS3UploadRequestOptions,
      GCPUploadRequestOptions,
      AzureUploadRequestOptions,
      OCIUploadRequestOptions,
    ]),
  })
  .transform((upload, ctx) => {
    const parsed = optionsByType[upload.type].safeParse(upload.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ ...issue, path: ["options", ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
      }
      return z.NEVER;
    }
    return { type: upload.type, options: parsed.data as Record<string, unknown> };
  })
  .openapi("UploadRequest");
export type UploadRequest = z.output<typeof UploadRequest>;

export const AWSUploadStatus = z.object({ ami: z.string(), region: z.string() }).openapi("AWSUploadStatus");
export const AWSS3UploadStatus = z.object({ url: z.string() }).openapi("AWSS3UploadStatus");
export const GCPUploadStatus = z.object({ project_id: z.string(), image_name: z.string() }).openapi("GCPUploadStatus");
export const AzureUploadStatus = z.object({ image_name: z.string() }).openapi("AzureUploadStatus");
export const OCIUploadStatus = z.object({ url: z.string() }).openapi("OCIUploadStatus");

export const UploadStatus = z
  .object({
    status: z.enum(["success", "failure", "pending", "running"]),
    type: UploadTypes,
    options: z
      // anyOf, not upstream's oneOf: the branches overlap (S3 and OCI are both `{url}`, a GCP
      // answer is also an Azure one), so no S3, OCI or GCP answer matched exactly one.
      .union([AWSUploadStatus, AWSS3UploadStatus, GCPUploadStatus, AzureUploadStatus, OCIUploadStatus]),
  })
  .openapi("UploadStatus");
