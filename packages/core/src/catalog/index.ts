/**
 * The catalog: distributions (upstream directory format), who may use them, their architectures,
 * package search, bootc references and OpenSCAP profiles.
 */
export * from "./types";
export { CatalogError } from "./catalog-error";
export { createCatalog } from "./create-catalog";
export { loadCatalog } from "./load-catalog";
export { defaultCatalogDirectory } from "./default-directory";
export { createPackageList, emptyPackageList } from "./package-list";
export { parseRhelVersion } from "./rhel-version";
export { hasImageTypeTags } from "./read-distribution";
export { createAllowList, denyAllAllowList, loadAllowList } from "./allow-list";
export { isAllowedTo, isEntitledTo, resolveDistribution } from "./access";
export { listBootcDistributions, listDistributions, type BootcFilter, type DistributionSummary } from "./list-distributions";
export { getArchitectures, type ArchitectureRepository, type ArchitectureSummary } from "./get-architectures";
export {
  defaultPackageLimit,
  lastPageOffset,
  searchPackages,
  type PackageSearch,
  type PackageSearchResult,
} from "./search-packages";
export {
  getDistributionDetails,
  isBootcOnly,
  type DistributionDetails,
  type DistributionDetailsQuery,
} from "./get-distribution-details";
export { getOscapCustomizations, listOscapProfiles } from "./oscap";
