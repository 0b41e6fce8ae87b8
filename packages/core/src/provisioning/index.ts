export type { ProvisioningClient, SourceUploadInfo } from "./client";
export { createProvisioningClient, type ProvisioningClientOptions } from "./create-client";
export { resolveShareAccounts } from "./resolve-share-accounts";
