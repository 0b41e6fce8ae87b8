export * from "./types";
export { createComposerClient, composerBasePath, composeIdHeader, type ComposerClientOptions, type ComposerClientHandle } from "./client";
export { unwrapComposerError, type ComposeErrorInfo } from "./unwrap-error";
export {
  imageStatusValues,
  uploadStatusValues,
  normalizeImageStatus,
  isTerminalImageStatus,
  toImageBuilderUploadStatus,
  toImageBuilderImageStatus,
  type ImageStatusValue,
  type UploadStatusValue,
  type ImageBuilderImageStatus,
  type ImageBuilderUploadStatus,
} from "./image-status";
