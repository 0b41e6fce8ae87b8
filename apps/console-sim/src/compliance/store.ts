import type { CompliancePolicyFixture, TailoringFixture } from "./fixture";

export interface SimTailoring extends TailoringFixture {
  id: string;
  os_minor_version: number;
}

export interface SimPolicy extends Omit<CompliancePolicyFixture, "tailorings"> {
  /** By minor version; grows when a tailoring is created. */
  tailorings: Map<number, SimTailoring>;
}

/** The policies of every org, as seeded; tailorings created by callers are kept until a reset. */
export class ComplianceStore {
  private readonly byOrg = new Map<string, Map<string, SimPolicy>>();

  constructor(policies: Record<string, readonly CompliancePolicyFixture[]>) {
    for (const [orgId, list] of Object.entries(policies)) {
      const org = new Map<string, SimPolicy>();
      for (const policy of list) {
        const tailorings = new Map<number, SimTailoring>();
        for (const [minor, tailoring] of Object.entries(policy.tailorings)) {
          tailorings.set(Number(minor), { ...tailoring, id: tailoringId(policy.id, Number(minor)), os_minor_version: Number(minor) });
        }
        org.set(policy.id, { ...policy, tailorings });
      }
      this.byOrg.set(orgId, org);
    }
  }

  /** A policy of the org; another org's policy does not exist for it. */
  policy(orgId: string, id: string): SimPolicy | undefined {
    return this.byOrg.get(orgId)?.get(id);
  }

  /** Creates the tailoring of `minor` from the policy's defaults; `undefined` when the minor is not supported. */
  createTailoring(policy: SimPolicy, minor: number): SimTailoring | undefined {
    if (!policy.os_minor_versions.includes(minor)) return undefined;
    const existing = policy.tailorings.get(minor);
    if (existing) return existing;
    const created = { ...policy.default_tailoring, id: tailoringId(policy.id, minor), os_minor_version: minor };
    policy.tailorings.set(minor, created);
    return created;
  }
}

/** A stable id per policy and minor version, so answers are reproducible. */
function tailoringId(policyId: string, minor: number): string {
  return `${policyId.slice(0, 24)}${minor.toString(16).padStart(12, "0")}`;
}
