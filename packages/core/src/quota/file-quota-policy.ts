import { stat, readFile } from "node:fs/promises";
import type { QuotaLimit, QuotaPolicy } from "../context";
import { DomainError } from "../errors";
import { NANOSECONDS_PER_MILLISECOND, parseQuotaFile, type QuotaFile } from "./quota-file";

/** Upstream's defaults, for reference: 100 composes per two weeks. */
export const DEFAULT_QUOTA = 100;
export const DEFAULT_SLIDING_WINDOW_MS = 14 * 24 * 3_600_000;

/** The quota configuration is missing or broken: the compose cannot be accepted (500). */
function unavailable(path: string, reason: string, cause?: unknown): DomainError {
  return new DomainError("INTERNAL", "Internal Server Error", {
    cause: new Error(`quota file ${path}: ${reason}`, { cause }),
  });
}

/**
 * `QUOTA_FILE` as upstream reads it: the org's entry, else `"default"`; no path means quotas
 * are off. Upstream re-reads the file on every compose; we re-read it only when its mtime or
 * size changed, which keeps the same semantics (edits apply to the next compose) at one `stat`.
 * A missing or invalid file, or an org without entry and no default, is a 500 for that compose.
 */
export function fileQuotaPolicy(path?: string): QuotaPolicy {
  if (path === undefined || path.trim() === "") {
    return { limitFor: async () => null };
  }
  let cached: { version: string; file?: QuotaFile; error?: string } | undefined;

  async function load(): Promise<QuotaFile> {
    let version: string;
    try {
      const info = await stat(path!);
      version = `${info.mtimeMs}:${info.size}`;
    } catch (err) {
      throw unavailable(path!, "cannot be read", err);
    }
    if (cached?.version !== version) {
      try {
        cached = { version, file: parseQuotaFile(await readFile(path!, "utf8")) };
      } catch (err) {
        cached = { version, error: (err as Error).message };
      }
    }
    if (cached.error !== undefined || !cached.file) throw unavailable(path!, cached.error ?? "unreadable");
    return cached.file;
  }

  return {
    async limitFor(orgId: string): Promise<QuotaLimit> {
      const file = await load();
      const entry = Object.hasOwn(file, orgId) ? file[orgId] : file["default"];
      if (!entry) throw unavailable(path, `no entry for org ${orgId} and no "default" entry`);
      return { quota: entry.quota, windowMs: entry.slidingWindow / NANOSECONDS_PER_MILLISECOND };
    },
  };
}

/** The 403 text: `Quota of 5 builds per 14 days exceeded for user` (days truncated, as Go does). */
export function quotaExceededMessage(limit: QuotaLimit): string {
  const days = Math.trunc(limit.windowMs / 86_400_000);
  return `Quota of ${limit.quota} builds per ${days} days exceeded for user`;
}
