export type { ContentSourcesClient } from "./client";
export { createContentSourcesClient, type ContentSourcesClientOptions } from "./create-client";
export { resolveRepositories } from "./resolve-repositories";
export { exportContentSources } from "./export-content-sources";
export type * from "./types";
