import type { UploadType } from "./schemas/upload-options";

/** The target composer uploads an image type to when only `upload_options` is given. */
export function defaultUploadType(imageType: string): UploadType {
  if (imageType.startsWith("aws")) return "aws";
  if (imageType.startsWith("azure")) return "azure";
  if (imageType.startsWith("gcp")) return "gcp";
  if (imageType === "oci") return "oci.objectstorage";
  return "aws.s3";
}

/** Cloud targets that import and register the image after the upload. */
export function importsImage(uploadType: UploadType): boolean {
  return uploadType === "aws" || uploadType === "gcp" || uploadType === "azure";
}
