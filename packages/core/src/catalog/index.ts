// Placeholder until the catalog loader lands: an empty catalog and a deny-all allow list.
import type { AllowList } from "../context";
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

export function loadAllowList(_path?: string): AllowList {
  return { allows: () => false };
}
