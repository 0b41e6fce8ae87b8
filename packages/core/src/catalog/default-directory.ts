import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CatalogError } from "./catalog-error";

/**
 * The project's own catalog, `<repo>/distributions`, used when `DISTRIBUTIONS_DIR` is unset.
 * Found by walking up from this module to the workspace root (the folder holding
 * `pnpm-workspace.yaml`), so it works from the sources and from a bundle such as
 * `apps/api/dist/main.js` inside the repository.
 */
export function defaultCatalogDirectory(from: string = moduleDirectory()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "distributions");
    if (existsSync(path.join(dir, "pnpm-workspace.yaml")) && isDirectory(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new CatalogError(from, "DISTRIBUTIONS_DIR is not set and no <repo>/distributions directory was found above this path");
}

function moduleDirectory(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
