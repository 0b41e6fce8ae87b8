import type { ComposeResolver } from "../compose/resolve-compose";
import type { ResolvedOpenscap } from "../composer-request/types";
import { badRequest, DomainError } from "../errors";
import { callerOptions } from "../service-client";
import { ComplianceLookupError, failureReason, notAuthorized, rhelRelease } from "./failures";
import { policyForCompose } from "./policy-data";

/** Where the tailoring is written in the image (upstream's path). */
export const TAILORING_PATH = "/etc/osbuild/openscap-tailoring.json";

/**
 * `customizations.openscap.policy_id` -> composer's openscap: the policy's profile (`ref_id`)
 * and id, and when it has a tailoring for the distribution's minor version, `json_tailoring`
 * with the tailoring JSON written at `TAILORING_PATH` (upstream's rules; the policy's required
 * customizations are not merged: they reach the blueprint through lint and fixup). Upstream's
 * answers: 403 not authorized, 400 no such policy / another major version / no tailoring for
 * the minor version; any other failure 500. Without compliance nothing is resolved (and the
 * policy is refused when composer's request is built).
 */
export const resolveOpenscap: ComposeResolver = async (ctx, request, distribution) => {
  const client = ctx.services.compliance;
  const policyId = request.customizations?.openscap?.policy_id;
  if (!client || !policyId) return {};
  const release = rhelRelease(request.bootc ? undefined : distribution);
  try {
    const { policy, tailoring } = await policyForCompose(client, policyId, release, callerOptions(ctx));
    const openscap: ResolvedOpenscap = { profile_id: policy.ref_id, policy_id: policyId };
    if (tailoring !== undefined) {
      openscap.json_tailoring = { profile_id: policy.ref_id, filepath: TAILORING_PATH };
      openscap.tailoring = tailoring;
    }
    return { openscap };
  } catch (err) {
    throw composeFailure(err, policyId, release);
  }
};

function composeFailure(err: unknown, policyId: string, release: { major: number; minor: number }): DomainError {
  if (!(err instanceof ComplianceLookupError)) return new DomainError("UPSTREAM", `Unable to build customizations: ${failureReason(err)}`, { cause: err });
  switch (err.kind) {
    case "unauthorized":
      return notAuthorized(policyId, err);
    case "major-version":
      return badRequest(`Compliance policy (${policyId}) does not support requested major version ${release.major}`);
    case "policy-not-found":
      return badRequest(`Compliance policy (${policyId}) does not exist`);
    case "tailoring-not-found":
      return badRequest(`Compliance policy (${policyId}) does not have tailoring for RHEL ${release.major}, minor version ${release.minor}`);
    default:
      return new DomainError("UPSTREAM", `Unable to build customizations: ${err.message}`, { cause: err });
  }
}
