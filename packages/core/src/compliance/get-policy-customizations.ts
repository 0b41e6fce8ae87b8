import { resolveDistribution } from "../catalog/access";
import { policyRefusal } from "../composer-request/customizations";
import type { ServiceContext } from "../context";
import { DomainError, notFound } from "../errors";
import { callerOptions } from "../service-client";
import { ComplianceLookupError, failureReason, notAuthorized, rhelRelease } from "./failures";
import { type ComplianceCustomizations, policyCustomizations } from "./policy-customizations";
import { policyRequirements } from "./policy-data";

/**
 * `GET /oscap/{policy}/{distribution}/policy_customizations`: the customizations the policy
 * requires for the distribution's RHEL release (packages, filesystems, services, kernel, FIPS).
 * A distribution that is not a RHEL minor release: 400; no such policy, another major version
 * or no tailoring for the release: 404 with upstream's texts; not authorized: 403; compliance
 * failing: 500. Without compliance: the clear 400 of compliance policies.
 */
export async function getPolicyCustomizations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { policyId: string; distribution: string };
}): Promise<ComplianceCustomizations> {
  const client = ctx.services.compliance;
  if (!client) throw policyRefusal(input.policyId);
  const release = rhelRelease(resolveDistribution(ctx.services, ctx.identity, input.distribution));
  try {
    return policyCustomizations(await policyRequirements(client, input.policyId, release, callerOptions(ctx)));
  } catch (err) {
    if (!(err instanceof ComplianceLookupError) || err.kind === "failed") {
      throw new DomainError("UPSTREAM", `Unable to get the customizations of compliance policy ${input.policyId}: ${failureReason(err)}`, { cause: err });
    }
    if (err.kind === "unauthorized") throw notAuthorized(input.policyId, err);
    throw notFound(err.message);
  }
}
