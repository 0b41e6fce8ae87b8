import type { BlueprintBody } from "../blueprint/types";
import { resolveDistribution } from "../catalog/access";
import type { Distribution } from "../catalog/types";
import type { ServiceContext } from "../context";
import { badRequest, DomainError } from "../errors";
import { callerOptions } from "../service-client";
import { ComplianceLookupError, failureReason, notAuthorized, rhelRelease, type RhelRelease } from "./failures";
import { type ComplianceLint, lintCompliance } from "./lint-compliance";
import { type ComplianceCustomizations, policyCustomizations } from "./policy-customizations";
import { policyRequirements } from "./policy-data";
import type { PolicyRequirements } from "./policy-requirements";

/** `blueprint_versions.service_snapshots`: what the console services said when the version was saved. */
export interface ServiceSnapshots {
  compliance?: { policy_id: string; policy_customizations: ComplianceCustomizations };
}

/** The policy a blueprint names and the release it is asked about; undefined when compliance has nothing to say. */
export interface BlueprintPolicy {
  policyId: string;
  release: RhelRelease;
}

export const emptyLint = (): ComplianceLint => ({ errors: [], warnings: [] });

/**
 * The compliance policy of a blueprint and the RHEL release of its distribution. Undefined
 * without a policy, without compliance (`COMPLIANCE_URL` unset: the policy is refused when
 * built) or without a distribution (image mode only). A distribution that is not a RHEL minor
 * release: 400.
 */
export function blueprintPolicy(ctx: ServiceContext, body: BlueprintBody): BlueprintPolicy | undefined {
  const policyId = (body.customizations.openscap as { policy_id?: string } | undefined)?.policy_id;
  if (!policyId || !ctx.services.compliance || body.distribution === undefined) return undefined;
  const distribution: Distribution = resolveDistribution(ctx.services, ctx.identity, body.distribution);
  return { policyId, release: rhelRelease(distribution) };
}

/**
 * What the policy requires for the blueprint's release; `undefined` when compliance has no such
 * policy or no tailoring for that minor version (another major version included). The caller
 * may not read the policy: 403; compliance failing: `failure(reason)`.
 */
export async function blueprintRequirements(
  ctx: ServiceContext,
  { policyId, release }: BlueprintPolicy,
  failure: (reason: string) => DomainError,
): Promise<PolicyRequirements | undefined> {
  try {
    return await policyRequirements(ctx.services.compliance!, policyId, release, callerOptions(ctx));
  } catch (err) {
    if (!(err instanceof ComplianceLookupError) || err.kind === "failed") {
      ctx.log.warn({ policyId, err: err instanceof Error ? err.message : String(err) }, "compliance lookup failed");
      throw failure(failureReason(err));
    }
    if (err.kind === "unauthorized") throw notAuthorized(policyId, err);
    return undefined;
  }
}

/** The snapshot stored with a version: the policy id and the customizations it requires. */
export function snapshotOf(policyId: string, requirements: PolicyRequirements): ServiceSnapshots {
  return { compliance: { policy_id: policyId, policy_customizations: { ...policyCustomizations(requirements), openscap: { policy_id: policyId } } } };
}

/** Upstream's answer when the snapshot of a blueprint being saved cannot be built. */
const snapshotFailure = () => new DomainError("UPSTREAM", "Failed to build compliance snapshots");

/**
 * The service snapshot of a blueprint being created or updated (upstream stores the policy's
 * required customizations with the version). Null without a policy. Compliance failing: 500
 * `Failed to build compliance snapshots` and nothing is stored; not authorized: 403; no such
 * policy or no tailoring for the release: 400 with the compose's texts (the blueprint could
 * never be built).
 */
export async function buildServiceSnapshots(ctx: ServiceContext, body: BlueprintBody): Promise<ServiceSnapshots | null> {
  const policy = blueprintPolicy(ctx, body);
  if (!policy) return null;
  const requirements = await blueprintRequirements(ctx, policy, snapshotFailure);
  if (!requirements) throw missingTailoring(policy);
  return snapshotOf(policy.policyId, requirements);
}

/** No tailoring of the policy for the blueprint's release (or no such policy): 400. */
export function missingTailoring({ policyId, release }: BlueprintPolicy): DomainError {
  return badRequest(`Compliance policy (${policyId}) does not have tailoring for RHEL ${release.major}, minor version ${release.minor}`);
}

/**
 * `lint` of `GET /blueprints/{id}`: an error for each requirement of the policy the blueprint
 * does not meet, a warning for each requirement of the version's snapshot the policy no longer
 * has, and one error when the policy has no tailoring for the release. Empty without a policy.
 */
export async function lintBlueprint(ctx: ServiceContext, body: BlueprintBody, snapshots: ServiceSnapshots | null): Promise<ComplianceLint> {
  const policy = blueprintPolicy(ctx, body);
  if (!policy) return emptyLint();
  const requirements = await blueprintRequirements(ctx, policy, (reason) => new DomainError("UPSTREAM", `Unable to lint the blueprint: ${reason}`));
  const saved = snapshots?.compliance?.policy_id === policy.policyId ? snapshots.compliance.policy_customizations : undefined;
  return lintCompliance(requirements, body.customizations as ComplianceCustomizations, saved);
}
