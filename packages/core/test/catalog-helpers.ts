import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AllowList, CoreServices, ServiceContext } from "../src/context";
import type { Catalog } from "../src/catalog";
import { encodeIdentity, parseIdentityHeader } from "../src/identity";

export const fixtureCatalogDir = fileURLToPath(new URL("./fixtures/distributions", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const upstreamCatalogDir = path.resolve(repoRoot, "../shared/imagebuilder-distributions");

/** A writable copy of the fixture catalog (links kept as links), removed by `cleanup`. */
export function copyFixtureCatalog(): { dir: string; cleanup: () => void } {
  const base = mkdtempSync(path.join(tmpdir(), "ib-catalog-"));
  const dir = path.join(base, "distributions");
  cpSync(fixtureCatalogDir, dir, { recursive: true, verbatimSymlinks: true });
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** A context for catalog verbs: only the catalog and the allow list are used by them. */
export function catalogContext(
  catalog: Catalog,
  allowList: AllowList,
  identity: { orgId?: string; rhelEntitled?: boolean } = {},
): ServiceContext {
  const header = encodeIdentity({ orgId: identity.orgId ?? "000000", rhelEntitled: identity.rhelEntitled ?? true });
  const log = { debug() {}, info() {}, warn() {}, error() {} };
  const services = { catalog, allowList } as Partial<CoreServices> as CoreServices;
  return { identity: parseIdentityHeader(header), requestId: "test", services, log };
}
