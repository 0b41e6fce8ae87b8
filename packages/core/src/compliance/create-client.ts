import type { LoggerLike } from "../context";
import { createHttpService, type ServiceCallOptions } from "../service-client";
import type { ComplianceClient, CompliancePolicy, ComplianceTailoring } from "./client";

export interface ComplianceClientOptions {
  /** `COMPLIANCE_URL`: the API base (`.../api/compliance/v2`). */
  baseUrl: string;
  timeoutMs: number;
  log?: LoggerLike;
}

const forwarded = (opts: ServiceCallOptions): ServiceCallOptions => ({ identity: opts.identity, requestId: opts.requestId, signal: opts.signal });
const tailoringPath = (policyId: string, minor: number, file: string) =>
  `/policies/${encodeURIComponent(policyId)}/tailorings/${minor}/${file}`;

/**
 * compliance v2 on the shared HTTP base: the caller's identity forwarded on every call (the
 * service authorises the org itself), a deadline per call, typed errors.
 */
export function createComplianceClient(options: ComplianceClientOptions): ComplianceClient {
  const http = createHttpService({
    service: "compliance",
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    rejectedCredentials: "answer",
    log: options.log,
  });

  /** One file of a tailoring, as text: 200, or 204 when the tailoring has no such file. */
  const tailoringFile = (policyId: string, minor: number, file: string, opts: ServiceCallOptions) =>
    http.call<string>({ method: "GET", path: tailoringPath(policyId, minor, file), expect: [200, 204], responseType: "text", opts: forwarded(opts) });

  return {
    async getPolicy(policyId, opts) {
      const reply = await http.call<{ data?: CompliancePolicy } | undefined>({
        method: "GET",
        path: `/policies/${encodeURIComponent(policyId)}`,
        expect: 200,
        opts: forwarded(opts),
      });
      const data = reply.body?.data;
      if (!data || typeof data !== "object" || typeof data.ref_id !== "string" || typeof data.os_major_version !== "number") {
        throw new TypeError(`compliance answered policy ${policyId} without its ref_id and os_major_version`);
      }
      return data;
    },
    async listTailorings(policyId, osMinorVersion, opts) {
      const reply = await http.call<{ data?: ComplianceTailoring[] } | undefined>({
        method: "GET",
        path: `/policies/${encodeURIComponent(policyId)}/tailorings`,
        query: new URLSearchParams({ filter: `os_minor_version=${osMinorVersion}` }),
        expect: 200,
        opts: forwarded(opts),
      });
      const data = reply.body?.data;
      if (!Array.isArray(data)) throw new TypeError(`compliance listed the tailorings of policy ${policyId} without a data list`);
      return data;
    },
    async createTailoring(policyId, osMinorVersion, opts) {
      await http.call({
        method: "POST",
        path: `/policies/${encodeURIComponent(policyId)}/tailorings`,
        body: { os_minor_version: osMinorVersion },
        expect: 201,
        opts: forwarded(opts),
      });
    },
    async getTailoringJson(policyId, osMinorVersion, opts) {
      const reply = await tailoringFile(policyId, osMinorVersion, "tailoring_file.json", opts);
      if (reply.status === 204) return undefined;
      try {
        JSON.parse(reply.body);
      } catch (err) {
        throw new TypeError(`compliance answered the tailoring of policy ${policyId} with a body that is not JSON`, { cause: err });
      }
      return reply.body;
    },
    async getTailoringBlueprint(policyId, osMinorVersion, opts) {
      const reply = await tailoringFile(policyId, osMinorVersion, "tailoring_file.toml", opts);
      return reply.status === 204 ? "" : reply.body;
    },
    close: () => http.close(),
  };
}
