import type { ComposeResolver } from "../compose/resolve-compose";

/**
 * The request's repositories through content-sources: RHSM repositories of the distribution,
 * snapshots by date or content template, custom and payload repositories by id. Without
 * content-sources nothing is resolved (and what needs it is refused when composer's request is
 * built).
 */
export const resolveRepositories: ComposeResolver = async () => ({});
