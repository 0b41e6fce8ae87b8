// Placeholder until quotas land: quotas disabled.
import type { QuotaPolicy } from "../context";

export function fileQuotaPolicy(_path?: string): QuotaPolicy {
  return { limitFor: async () => null };
}
