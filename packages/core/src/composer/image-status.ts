import type { ComposerComposeStatus } from "./types";
import { type ComposeErrorInfo, unwrapComposerError } from "./unwrap-error";

export const imageStatusValues = ["pending", "building", "uploading", "registering", "success", "failure"] as const;
export type ImageStatusValue = (typeof imageStatusValues)[number];

export const uploadStatusValues = ["pending", "running", "success", "failure"] as const;
export type UploadStatusValue = (typeof uploadStatusValues)[number];

/** image-builder's `UploadStatus`: options reshaped to the fields its API defines per type. */
export interface ImageBuilderUploadStatus {
  status: UploadStatusValue;
  type: string;
  options: Record<string, string>;
}

export interface ImageBuilderImageStatus {
  status: ImageStatusValue;
  progress?: { done: number; total: number; subprogress?: { done: number; total: number } };
  upload_status?: ImageBuilderUploadStatus;
  error?: ComposeErrorInfo;
}

/** Fields image-builder keeps from composer's upload status options, per upload type. */
const uploadOptionFields: Record<string, readonly string[]> = {
  aws: ["ami", "region"],
  "aws.s3": ["url"],
  gcp: ["project_id", "image_name"],
  azure: ["image_name"],
  "oci.objectstorage": ["url"],
};

/**
 * Composer's image status value as image-builder reports it. Very old composers said `running`
 * (building); an unknown value is reported as `building` so callers keep polling.
 */
export function normalizeImageStatus(value: unknown): ImageStatusValue {
  if (typeof value === "string" && (imageStatusValues as readonly string[]).includes(value)) return value as ImageStatusValue;
  return "building";
}

export function isTerminalImageStatus(value: ImageStatusValue): boolean {
  return value === "success" || value === "failure";
}

/** Reshapes composer's upload status: known types keep their fields, other types get empty options. */
export function toImageBuilderUploadStatus(upload: unknown): ImageBuilderUploadStatus | undefined {
  if (!upload || typeof upload !== "object") return undefined;
  const { status, type, options } = upload as { status?: unknown; type?: unknown; options?: unknown };
  if (typeof type !== "string") return undefined;
  const fields = uploadOptionFields[type] ?? [];
  const source = options && typeof options === "object" ? (options as Record<string, unknown>) : {};
  const reshaped: Record<string, string> = {};
  for (const field of fields) {
    const value = source[field];
    if (typeof value === "string") reshaped[field] = value;
  }
  const uploadStatus = typeof status === "string" && (uploadStatusValues as readonly string[]).includes(status) ? (status as UploadStatusValue) : "pending";
  return { status: uploadStatus, type, options: reshaped };
}

function validProgress(progress: unknown): ImageBuilderImageStatus["progress"] {
  if (!progress || typeof progress !== "object") return undefined;
  const { done, total, subprogress } = progress as Record<string, unknown>;
  if (typeof done !== "number" || typeof total !== "number") return undefined;
  const out: NonNullable<ImageBuilderImageStatus["progress"]> = { done, total };
  if (subprogress && typeof subprogress === "object") {
    const sub = subprogress as Record<string, unknown>;
    if (typeof sub.done === "number" && typeof sub.total === "number") out.subprogress = { done: sub.done, total: sub.total };
  }
  return out;
}

/** image-builder's `ImageStatus` from composer's `ComposeStatus`: status, progress, upload status, unwrapped error. */
export function toImageBuilderImageStatus(composer: ComposerComposeStatus): ImageBuilderImageStatus {
  const image = composer.image_status ?? ({} as ComposerComposeStatus["image_status"]);
  const result: ImageBuilderImageStatus = { status: normalizeImageStatus(image.status) };
  const progress = validProgress(image.progress);
  if (progress) result.progress = progress;
  const upload = toImageBuilderUploadStatus(image.upload_status ?? image.upload_statuses?.[0]);
  if (upload) result.upload_status = upload;
  const error = unwrapComposerError(image.error);
  if (error) result.error = error;
  return result;
}
