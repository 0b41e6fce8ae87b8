import type { ComposeResolver } from "../compose/resolve-compose";

/** AWS `share_with_sources` -> account ids through provisioning, merged into `share_with_accounts`. */
export const resolveShareAccounts: ComposeResolver = async () => ({});
