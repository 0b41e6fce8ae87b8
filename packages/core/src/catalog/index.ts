// Placeholder until the catalog loader lands: an empty catalog and a deny-all allow list.
import type { AllowList } from "../context";
import { badRequest, forbidden } from "../errors";
import type { Identity } from "../identity";
import type { Catalog, Distribution } from "./types";

export * from "./types";

export function createCatalog(distributions: Distribution[]): Catalog {
  const byId = new Map(distributions.map((d) => [d.id, d]));
  const sorted = [...distributions].sort((a, b) => a.id.localeCompare(b.id));
  return { all: () => sorted, get: (id) => byId.get(id) };
}

export function loadCatalog(_dir?: string): Catalog {
  return createCatalog([]);
}

/**
 * The distribution `id` as this caller may use it. Not entitled or unknown: 400
 * `distribution not available`; restricted and not allowed: 403.
 */
export function resolveDistribution(
  services: { catalog: Catalog; allowList: AllowList },
  identity: Identity,
  id: string,
): Distribution {
  const d = services.catalog.get(id);
  if (!d || (d.needsEntitlement && !identity.rhelEntitled)) throw badRequest("distribution not available");
  if (d.restricted && !services.allowList.allows(identity.orgId, d.id)) {
    throw forbidden(`This account's organization is not authorized to build ${d.id} images`);
  }
  return d;
}

export function loadAllowList(_path?: string): AllowList {
  return { allows: () => false };
}
