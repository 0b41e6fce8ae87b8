export {
  DEFAULT_QUOTA,
  DEFAULT_SLIDING_WINDOW_MS,
  fileQuotaPolicy,
  quotaExceededMessage,
} from "./file-quota-policy";
export { parseQuotaFile, quotaFileSchema, type QuotaFile } from "./quota-file";
export { getQuotaUsage, type QuotaUsage } from "./get-quota-usage";
