import type { ServiceCallOptions } from "../service-client";
import type { ComplianceClient, CompliancePolicy } from "./client";
import { ComplianceLookupError, lookupFailure, notFoundText, type RhelRelease } from "./failures";
import { parsePolicyBlueprint, type PolicyRequirements } from "./policy-requirements";

export interface PolicyForCompose {
  policy: CompliancePolicy;
  /** The tailoring JSON for the release; undefined when the policy has none (204). */
  tailoring: string | undefined;
}

async function settle<T>(call: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; err: unknown }> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    return { ok: false, err };
  }
}

/**
 * The policy and its tailoring for the release, as a compose needs them (upstream's
 * `PolicyDataForMinorVersion`): both asked together; the policy's failures win. Throws a
 * `ComplianceLookupError` (policy not found, another major version, no tailoring, not
 * authorized, failed).
 */
export async function policyForCompose(
  client: ComplianceClient,
  policyId: string,
  release: RhelRelease,
  opts: ServiceCallOptions,
): Promise<PolicyForCompose> {
  const [policy, tailoring] = await Promise.all([
    settle(client.getPolicy(policyId, opts)),
    settle(client.getTailoringJson(policyId, release.minor, opts)),
  ]);
  if (!policy.ok) throw lookupFailure(policy.err, "policy-not-found");
  if (policy.value.os_major_version !== release.major) throw missing("major-version");
  if (!tailoring.ok) throw lookupFailure(tailoring.err, "tailoring-not-found");
  return { policy: policy.value, tailoring: tailoring.value };
}

const missing = (kind: "policy-not-found" | "major-version" | "tailoring-not-found") => new ComplianceLookupError(kind, notFoundText[kind]!);

/**
 * What the policy requires for the release (its `tailoring_file.toml`), as lint, fixup, the
 * service snapshot and `policy_customizations` read it. The policy and its tailorings are asked
 * together; when it has none for the minor version one is created first (compliance serves the
 * file only for an existing tailoring), as upstream does. Throws a `ComplianceLookupError`:
 * policy not found, another major version, no tailoring (compliance refused to create one or
 * has no file), not authorized, failed.
 */
export async function policyRequirements(
  client: ComplianceClient,
  policyId: string,
  release: RhelRelease,
  opts: ServiceCallOptions,
): Promise<PolicyRequirements> {
  const [policy, tailorings] = await Promise.all([
    settle(client.getPolicy(policyId, opts)),
    settle(client.listTailorings(policyId, release.minor, opts)),
  ]);
  if (!policy.ok) throw lookupFailure(policy.err, "policy-not-found");
  if (policy.value.os_major_version !== release.major) throw missing("major-version");
  if (!tailorings.ok) throw lookupFailure(tailorings.err, "tailoring-not-found");
  if (tailorings.value.length === 0) {
    try {
      await client.createTailoring(policyId, release.minor, opts);
    } catch (err) {
      const failure = lookupFailure(err, "tailoring-not-found");
      // Compliance refusing the minor version (a 4xx) means the policy has no tailoring for it.
      const refused = failure.kind === "failed" && isClientError(err);
      throw refused ? missing("tailoring-not-found") : failure;
    }
  }
  let text: string;
  try {
    text = await client.getTailoringBlueprint(policyId, release.minor, opts);
  } catch (err) {
    throw lookupFailure(err, "tailoring-not-found");
  }
  try {
    return parsePolicyBlueprint(text);
  } catch (err) {
    throw new ComplianceLookupError("failed", (err as Error).message, { cause: err });
  }
}

function isClientError(err: unknown): boolean {
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
