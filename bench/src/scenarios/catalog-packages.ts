import { fullCatalogGet } from "./full-catalog-get";

/** Package search on the upstream catalog (large package lists). */
export const catalogPackages = fullCatalogGet({
  id: "catalog-packages",
  name: "GET /packages?search=ssh (full catalog)",
  path: "/api/image-builder/v1/packages?distribution=rhel-9&architecture=x86_64&search=ssh",
});
