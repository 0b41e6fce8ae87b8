import type { ServiceContext } from "../context";
import { isAllowedTo, isEntitledTo } from "./access";
import type { BootcDistribution } from "./types";

export interface DistributionSummary {
  name: string;
  description: string;
}

/** The distributions this caller may build: entitlement and allow list applied, sorted by id. */
export function listDistributions({ ctx }: { ctx: ServiceContext }): DistributionSummary[] {
  const { catalog, allowList } = ctx.services;
  return catalog
    .all()
    .filter((d) => isEntitledTo(ctx.identity, d) && isAllowedTo(allowList, ctx.identity, d))
    .map((d) => ({ name: d.id, description: d.description }));
}

export interface BootcFilter {
  distro?: string;
  arch?: string;
  type?: string;
}

/**
 * Every bootc reference of every loaded distribution (no entitlement or allow-list filter, as
 * upstream), narrowed by exact-match filters.
 */
export function listBootcDistributions({ ctx, input }: { ctx: ServiceContext; input: BootcFilter }): BootcDistribution[] {
  return ctx.services.catalog
    .bootcDistributions()
    .filter(
      (b) =>
        (input.distro === undefined || b.distro === input.distro) &&
        (input.arch === undefined || b.arch === input.arch) &&
        (input.type === undefined || b.type === input.type),
    );
}
