import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { CatalogError } from "./catalog-error";
import { createCatalog } from "./create-catalog";
import { defaultCatalogDirectory } from "./default-directory";
import { type DistributionData, readDistribution, type StringPool } from "./read-distribution";
import type { Catalog, Distribution } from "./types";

/**
 * Loads a distributions directory in the upstream format, once, at boot: one directory per
 * distribution, named by its API id. An alias (`rhel-9 -> rhel-9.8`) is either a symbolic link
 * or, as git writes links when symlinks are off, a small file holding the sibling's name; its
 * files keep the target's name. Hidden entries and other plain files (a README) are skipped.
 * Everything is read and checked now, package lists included: a broken file stops the boot
 * with a CatalogError naming it. Without `dir`, the project's `<repo>/distributions`.
 * `packageLists: false` skips the package lists, for processes that never search them (the
 * worker): every list then finds nothing.
 */
export function loadCatalog(dir?: string, options: { packageLists?: boolean } = {}): Catalog {
  const root = path.resolve(dir ?? defaultCatalogDirectory());
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (err) {
    throw new CatalogError(root, `cannot read the distributions directory: ${(err as Error).message}`);
  }

  const byRealDirectory = new Map<string, DistributionData>();
  const pool: StringPool = new Map();
  const distributions: Distribution[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const directory = distributionDirectory(root, entry);
    if (directory === undefined) continue;
    let data = byRealDirectory.get(directory);
    if (!data) {
      data = readDistribution(directory, path.basename(directory), { pool, packageLists: options.packageLists });
      byRealDirectory.set(directory, data);
    }
    distributions.push({ ...data, id: entry.name });
  }
  if (distributions.length === 0) throw new CatalogError(root, "no distributions found");
  return createCatalog(distributions);
}

/** The real directory behind an entry, or undefined for a plain file that is not an alias. */
function distributionDirectory(root: string, entry: Dirent): string | undefined {
  const entryPath = path.join(root, entry.name);
  if (entry.isDirectory()) return realpathSync(entryPath);
  if (entry.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(entryPath);
    } catch {
      throw new CatalogError(entryPath, "symbolic link to a missing distribution directory");
    }
    if (!statSync(target).isDirectory()) throw new CatalogError(entryPath, "symbolic link to something that is not a directory");
    return target;
  }
  if (!entry.isFile()) return undefined;
  const sibling = aliasTarget(entryPath);
  if (sibling === undefined) return undefined;
  const target = path.join(root, sibling);
  let isDirectory = false;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new CatalogError(entryPath, `alias of '${sibling}', which is not a distribution directory here`);
  return realpathSync(target);
}

const aliasContent = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** The sibling a link-as-file names (`rhel-9.8`), if the file is one. */
function aliasTarget(file: string): string | undefined {
  if (statSync(file).size > 255) return undefined;
  const content = readFileSync(file, "utf8").trim();
  return aliasContent.test(content) ? content : undefined;
}
