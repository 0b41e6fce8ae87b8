import { readFileSync } from "node:fs";
import { z } from "zod";

/** One budget: `limit` requests per fixed window of `windowSeconds`. */
const budget = z.strictObject({
  limit: z.number().int().min(1),
  windowSeconds: z.number().int().min(1),
});

/** One org's entry; a budget left out is unlimited. */
const entry = z.strictObject({ writes: budget.optional(), reads: budget.optional() });

/** `{"default": {...}, "<org_id>": {...}}`, shaped like `QUOTA_FILE`. */
export const rateLimitFileSchema = z.record(z.string(), entry);
export type RateLimitFile = z.infer<typeof rateLimitFileSchema>;
export type RateLimitBudget = z.infer<typeof budget>;

/** Writes are POST, PUT, PATCH and DELETE; everything else reads. */
export type BudgetKind = "writes" | "reads";

export interface RateLimits {
  /** The org's budget of that kind: its own entry, else `default`; null = unlimited. */
  budgetFor(orgId: string, kind: BudgetKind): RateLimitBudget | null;
}

/** Parses the file's text; throws an Error naming what is wrong. */
export function parseRateLimitFile(text: string): RateLimitFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  const parsed = rateLimitFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid entry at "${issue.path.join(".")}": ${issue.message}`);
  }
  return parsed.data;
}

/**
 * `RATE_LIMIT_FILE`, read once at boot (a broken file stops the process): no path, no limits.
 * An org without an entry falls back to `default`; without either it is unlimited.
 */
export function loadRateLimits(path?: string): RateLimits | null {
  if (path === undefined || path.trim() === "") return null;
  let file: RateLimitFile;
  try {
    file = parseRateLimitFile(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`RATE_LIMIT_FILE ${path}: ${(err as Error).message}`, { cause: err });
  }
  return rateLimitsFrom(file);
}

export function rateLimitsFrom(file: RateLimitFile): RateLimits {
  return {
    budgetFor(orgId, kind) {
      const own = Object.hasOwn(file, orgId) ? file[orgId] : file["default"];
      return own?.[kind] ?? null;
    },
  };
}
