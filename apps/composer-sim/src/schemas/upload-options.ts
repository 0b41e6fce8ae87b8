import { z } from "zod";

/** Composer's upload option schemas (all `additionalProperties: false`). */
export const awsEc2UploadOptions = z.strictObject({
  region: z.string(),
  snapshot_name: z.string().optional(),
  share_with_accounts: z.array(z.string()),
});
export const awsS3UploadOptions = z.strictObject({
  region: z.string(),
  public: z.boolean().optional(),
});
export const gcpUploadOptions = z.strictObject({
  region: z.string(),
  bucket: z.string().optional(),
  image_name: z.string().optional(),
  share_with_accounts: z.array(z.string()).optional(),
});
export const azureUploadOptions = z.strictObject({
  tenant_id: z.string(),
  subscription_id: z.string(),
  resource_group: z.string(),
  location: z.string().optional(),
  image_name: z.string().optional(),
  hyper_v_generation: z.enum(["V1", "V2"]).optional(),
});
export const ociUploadOptions = z.strictObject({});
export const containerUploadOptions = z.strictObject({ name: z.string().optional(), tag: z.string().optional() });
export const localUploadOptions = z.strictObject({});
export const pulpOstreeUploadOptions = z.strictObject({
  basepath: z.string(),
  repository: z.string().optional(),
  server_address: z.url().optional(),
});

/** `UploadOptions` is an anyOf in the spec: any one of the shapes validates. */
export const uploadOptions = z.union([
  awsEc2UploadOptions,
  awsS3UploadOptions,
  gcpUploadOptions,
  azureUploadOptions,
  containerUploadOptions,
  localUploadOptions,
  ociUploadOptions,
  pulpOstreeUploadOptions,
]);

export const uploadTypes = ["aws", "aws.s3", "gcp", "azure", "container", "oci.objectstorage", "local"] as const;
export type UploadType = (typeof uploadTypes)[number];

/** The schema the options of each target type must match once the type is known. */
export const uploadOptionsByType: Record<UploadType, z.ZodType> = {
  aws: awsEc2UploadOptions,
  "aws.s3": awsS3UploadOptions,
  gcp: gcpUploadOptions,
  azure: azureUploadOptions,
  container: containerUploadOptions,
  "oci.objectstorage": ociUploadOptions,
  local: localUploadOptions,
};

export const uploadTarget = z.strictObject({
  type: z.enum(uploadTypes),
  upload_options: uploadOptions,
});
