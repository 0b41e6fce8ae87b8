import type { ServiceCallOptions } from "../service-client";

/** `GET /policies/{id}` -> `data` (the fields this service reads). */
export interface CompliancePolicy {
  id: string;
  /** The OpenSCAP profile id. */
  ref_id: string;
  os_major_version: number;
  title?: string;
  description?: string;
}

export interface ComplianceTailoring {
  id: string;
  os_minor_version: number;
  profile_id?: string;
}

/** compliance (`COMPLIANCE_URL`); every call forwards the caller's identity. */
export interface ComplianceClient {
  getPolicy(policyId: string, opts: ServiceCallOptions): Promise<CompliancePolicy>;
  listTailorings(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<ComplianceTailoring[]>;
  createTailoring(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<ComplianceTailoring>;
  /** The tailoring JSON as text; `undefined` when the policy has none (204). */
  getTailoringJson(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<string | undefined>;
  /** The blueprint (TOML text) of the customizations the policy requires; `undefined` on 204. */
  getTailoringBlueprint(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<string | undefined>;
  close(): Promise<void>;
}
