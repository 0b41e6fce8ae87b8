/** Every route is served twice, as upstream does; links always name `/v1.0`. */
export const API_PREFIXES = ["/api/image-builder/v1", "/api/image-builder/v1.0"] as const;
export const LINK_PREFIX = "/api/image-builder/v1.0";
