import type { ServiceContext } from "../context";
import { badRequest } from "../errors";
import { resolveDistribution } from "./access";
import { emptyPackageList } from "./package-list";
import type { Architecture, PackagePage } from "./types";

export interface PackageSearch {
  distribution: string;
  architecture: Architecture;
  search: string;
  limit?: number;
  offset?: number;
}

export interface PackageSearchResult extends PackagePage {
  limit: number;
  offset: number;
  /** Offset of the last page: 0 when everything fits one page. */
  lastOffset: number;
}

export const defaultPackageLimit = 100;

/**
 * Searches the distribution's package lists (repositories without image type tags, file order)
 * for names containing `search` (case-sensitive). A non-positive limit means the default, as
 * upstream; a negative offset is refused. Distributions without package lists find nothing.
 */
export function searchPackages({ ctx, input }: { ctx: ServiceContext; input: PackageSearch }): PackageSearchResult {
  const d = resolveDistribution(ctx.services, ctx.identity, input.distribution);
  const entry = d.architectures[input.architecture];
  if (!entry) throw badRequest("Architecture not supported");
  const limit = input.limit !== undefined && input.limit > 0 ? Math.floor(input.limit) : defaultPackageLimit;
  const offset = input.offset ?? 0;
  if (offset < 0) throw badRequest(`Invalid pagination parameters: offset cannot be negative: ${offset}`);
  if (!Number.isSafeInteger(offset)) throw badRequest(`Invalid pagination parameters: offset must be an integer: ${offset}`);
  const page = (entry.packages ?? emptyPackageList).search(input.search, offset, limit);
  return { ...page, limit, offset, lastOffset: lastPageOffset(page.count, limit) };
}

/** Upstream's last page: 0 when one page holds everything, else the start of the last page. */
export function lastPageOffset(count: number, limit: number): number {
  return limit >= count ? 0 : Math.floor((count - 1) / limit) * limit;
}
