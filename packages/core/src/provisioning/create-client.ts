import type { LoggerLike } from "../context";
import { createHttpService } from "../service-client";
import type { ProvisioningClient, SourceUploadInfo } from "./client";

export interface ProvisioningClientOptions {
  /** `PROVISIONING_URL`: the API base (`.../api/provisioning/v1`). */
  baseUrl: string;
  timeoutMs: number;
  log?: LoggerLike;
}

/** provisioning on the shared HTTP base, the caller's identity forwarded. */
export function createProvisioningClient(options: ProvisioningClientOptions): ProvisioningClient {
  const http = createHttpService({
    service: "provisioning",
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    rejectedCredentials: "answer",
    log: options.log,
  });
  return {
    async getUploadInfo(sourceId, opts) {
      const reply = await http.call<SourceUploadInfo | undefined>({
        method: "GET",
        path: `/sources/${encodeURIComponent(sourceId)}/upload_info`,
        expect: 200,
        opts: { identity: opts.identity, requestId: opts.requestId, signal: opts.signal },
      });
      if (!reply.body || typeof reply.body !== "object") throw new TypeError(`provisioning answered source ${sourceId} without a body`);
      return reply.body;
    },
    close: () => http.close(),
  };
}
