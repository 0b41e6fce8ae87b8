import type { AllowList } from "../context";
import { badRequest, forbidden } from "../errors";
import type { Identity } from "../identity";
import type { Catalog, Distribution } from "./types";

/** A distribution behind RHSM exists only for RHEL-entitled callers. */
export function isEntitledTo(identity: Identity, d: Distribution): boolean {
  return !d.needsEntitlement || identity.rhelEntitled;
}

/** A restricted distribution is usable only by the orgs the allow list names. */
export function isAllowedTo(allowList: AllowList, identity: Identity, d: Distribution): boolean {
  return !d.restricted || allowList.allows(identity.orgId, d.name);
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
  const d = typeof id === "string" ? services.catalog.get(id) : undefined;
  if (!d || !isEntitledTo(identity, d)) throw badRequest("distribution not available");
  if (!isAllowedTo(services.allowList, identity, d)) {
    throw forbidden(`This account's organization is not authorized to build ${d.name} images`);
  }
  return d;
}
