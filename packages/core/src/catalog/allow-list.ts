import { readFileSync } from "node:fs";
import { z } from "zod";
import type { AllowList } from "../context";
import { CatalogError } from "./catalog-error";
import { describeIssue } from "./file-schema";

const allowFileSchema = z.record(z.string(), z.array(z.string()));

/** Nobody may build restricted distributions: what runs without `ALLOW_FILE`. */
export const denyAllAllowList: AllowList = { allows: () => false };

/**
 * `ALLOW_FILE`: `{ "<org_id>": ["regex", ...], "*": ["regex", ...] }`. A restricted
 * distribution is allowed when a pattern of `"*"` or of the caller's org matches its name
 * anywhere (unanchored, like Go's `regexp.Match`). A leading `(?i)` makes a pattern
 * case-insensitive, as in Go. Without a path nothing restricted is allowed. A missing,
 * malformed or uncompilable file throws, naming the file, at boot.
 */
export function loadAllowList(file?: string): AllowList {
  if (file === undefined || file === "") return denyAllAllowList;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CatalogError(file, `cannot load the allow file: ${(err as Error).message}`);
  }
  const parsed = allowFileSchema.safeParse(json);
  if (!parsed.success) throw new CatalogError(file, `allow file: ${describeIssue(parsed.error)}`);
  const patterns = new Map<string, RegExp[]>();
  for (const [org, sources] of Object.entries(parsed.data)) {
    patterns.set(
      org,
      sources.map((source, i) => {
        try {
          return compileGoPattern(source);
        } catch (err) {
          throw new CatalogError(file, `allow file: ${org}[${i}]: ${(err as Error).message}`);
        }
      }),
    );
  }
  return createAllowList(patterns);
}

/** An allow list from compiled patterns per org (`"*"` for everyone). */
export function createAllowList(patterns: ReadonlyMap<string, readonly RegExp[]>): AllowList {
  const everyone = patterns.get("*") ?? [];
  return {
    allows(orgId, distributionName) {
      const matches = (re: RegExp) => re.test(distributionName);
      return everyone.some(matches) || (patterns.get(orgId) ?? []).some(matches);
    },
  };
}

function compileGoPattern(source: string): RegExp {
  return source.startsWith("(?i)") ? new RegExp(source.slice(4), "i") : new RegExp(source);
}
