import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { CatalogError } from "./catalog-error";
import { describeIssue, distributionFileSchema, packageListFileSchema } from "./file-schema";
import { createPackageList, emptyPackageList } from "./package-list";
import { parseRhelVersion } from "./rhel-version";
import { architectures, type ArchitectureEntry, type Distribution, type Package, type Repository } from "./types";

/** Everything of a distribution but its API id (aliases share it with their target). */
export type DistributionData = Omit<Distribution, "id">;

/** Shares equal strings between package lists (the same package appears in many releases). */
export type StringPool = Map<string, string>;

/**
 * Reads `<directory>/<basename>.json` and, unless `no_package_list` (or `packageLists: false`),
 * the package list of every repository of every architecture
 * (`<basename>-<arch>-<repo>-packages.json`). Any problem throws a CatalogError naming the file.
 */
export function readDistribution(
  directory: string,
  basename: string,
  options: { pool?: StringPool; packageLists?: boolean } = {},
): DistributionData {
  const pool = options.pool ?? new Map();
  const file = path.join(directory, `${basename}.json`);
  const parsed = parseJsonFile(file, distributionFileSchema);
  const { distribution } = parsed;

  const archEntries: DistributionData["architectures"] = {};
  for (const arch of architectures) {
    const source = parsed[arch];
    if (!source) continue;
    const repositories: Repository[] = source.repositories.map((r) => dropUndefined({ ...r }));
    const entry: ArchitectureEntry = {
      imageTypes: source.image_types,
      repositories,
      bootc: source.bootc.map((b) => dropUndefined({ ...b })),
      packages: emptyPackageList,
    };
    if (!distribution.no_package_list && options.packageLists !== false) {
      const searchable: Package[] = [];
      for (const repo of repositories) {
        const packages = readPackageList(path.join(directory, `${basename}-${arch}-${repo.id}-packages.json`), pool);
        // Upstream requires every repository's list but searches only the untagged ones.
        if (!hasImageTypeTags(repo)) for (const p of packages) searchable.push(p);
      }
      entry.packages = createPackageList(searchable);
    }
    archEntries[arch] = entry;
  }

  const rhel = parseRhelVersion(distribution.name);
  return {
    name: distribution.name,
    description: distribution.description,
    composerName: distribution.composer_name ?? distribution.name,
    restricted: distribution.restricted_access,
    noPackageList: distribution.no_package_list,
    needsEntitlement: (archEntries.x86_64?.repositories ?? []).some((r) => r.rhsm),
    modulePlatformId: parsed.module_platform_id,
    ...(parsed.oscap_name !== undefined && { oscapName: parsed.oscap_name }),
    ...(rhel && { rhel }),
    architectures: archEntries,
    directory,
  };
}

/** A repository only for some image types: not offered for search or in `/architectures`. */
export function hasImageTypeTags(repo: Repository): boolean {
  return (repo.image_type_tags?.length ?? 0) > 0;
}

function readPackageList(file: string, pool: StringPool): Package[] {
  // The lists hold ~165k entries in the upstream catalog: check them in place (no copies), and
  // ask the schema only to describe a failure.
  const json = readJsonFile(file);
  if (!isPackageList(json)) {
    const result = packageListFileSchema.safeParse(json);
    throw new CatalogError(file, result.success ? "not a package list" : describeIssue(result.error));
  }
  return json.map((p) => ({ name: intern(pool, p.name), summary: intern(pool, p.summary ?? "") }));
}

function isPackageList(json: unknown): json is { name: string; summary?: string }[] {
  if (!Array.isArray(json)) return false;
  for (const p of json as unknown[]) {
    if (typeof p !== "object" || p === null) return false;
    const { name, summary } = p as Record<string, unknown>;
    if (typeof name !== "string" || name === "" || (summary !== undefined && typeof summary !== "string")) return false;
  }
  return true;
}

function intern(pool: StringPool, s: string): string {
  const known = pool.get(s);
  if (known !== undefined) return known;
  pool.set(s, s);
  return s;
}

function parseJsonFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const result = schema.safeParse(readJsonFile(file));
  if (!result.success) throw new CatalogError(file, describeIssue(result.error));
  return result.data;
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CatalogError(file, code === "ENOENT" ? "file is missing" : `cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CatalogError(file, `not valid JSON: ${(err as Error).message}`);
  }
}

function dropUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}
