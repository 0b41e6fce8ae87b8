/** Composer's upload status as image-builder shows it: the same fields, options re-shaped. */
export interface UploadStatus {
  status: string;
  type: string;
  options: Record<string, unknown>;
}

/** The option keys image-builder keeps per upload type (upstream-service.md 1.2). */
const optionKeysByType: Record<string, readonly string[]> = {
  aws: ["ami", "region"],
  "aws.s3": ["url"],
  gcp: ["project_id", "image_name"],
  azure: ["image_name"],
  "oci.objectstorage": ["url"],
};

/**
 * Keeps the options image-builder knows for the upload type; a type image-builder does not
 * parse (container, pulp.ostree, local...) keeps its status and type with empty options.
 */
export function reshapeUploadStatus(upload: { status: string; type: string; options?: unknown } | undefined): UploadStatus | undefined {
  if (!upload) return undefined;
  const keys = optionKeysByType[upload.type] ?? [];
  const source = (upload.options && typeof upload.options === "object" ? upload.options : {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) options[key] = source[key];
  return { status: upload.status, type: upload.type, options };
}
