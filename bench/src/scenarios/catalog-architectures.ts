import { fullCatalogGet } from "./full-catalog-get";

/** The architectures of a distribution on the upstream catalog. */
export const catalogArchitectures = fullCatalogGet({
  id: "catalog-architectures",
  name: "GET /architectures/rhel-9 (full catalog)",
  path: "/api/image-builder/v1/architectures/rhel-9",
});
