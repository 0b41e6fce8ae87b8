import type { ServiceCallOptions } from "../service-client";

/** `GET /sources/{id}/upload_info` as provisioning answers it (only AWS is read). */
export interface SourceUploadInfo {
  provider?: string;
  aws?: { account_id?: string } | null;
  azure?: unknown;
  gcp?: unknown;
}

/** provisioning (`PROVISIONING_URL`); every call forwards the caller's identity. */
export interface ProvisioningClient {
  getUploadInfo(sourceId: string, opts: ServiceCallOptions): Promise<SourceUploadInfo>;
  close(): Promise<void>;
}
