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
  id?: string;
  os_minor_version: number;
  profile_id?: string;
}

/**
 * compliance (`COMPLIANCE_URL`); every call forwards the caller's identity. Each method throws a
 * `ServiceError` for any other answer (its `status` set when compliance answered).
 */
export interface ComplianceClient {
  getPolicy(policyId: string, opts: ServiceCallOptions): Promise<CompliancePolicy>;
  listTailorings(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<ComplianceTailoring[]>;
  /** `POST /policies/{id}/tailorings` (201). */
  createTailoring(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<void>;
  /** The tailoring JSON as text; `undefined` when the policy has none (204). */
  getTailoringJson(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<string | undefined>;
  /** The blueprint (TOML text) of the customizations the policy requires; `""` on 204. */
  getTailoringBlueprint(policyId: string, osMinorVersion: number, opts: ServiceCallOptions): Promise<string>;
  close(): Promise<void>;
}
