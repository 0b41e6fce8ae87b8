import { and, blueprints, blueprintVersions, eq, not } from "@ib/db";
import { v7 as uuidv7 } from "uuid";
import { blueprintPolicy, blueprintRequirements, missingTailoring, snapshotOf } from "../compliance/blueprint-compliance";
import { applyPolicyFixes } from "../compliance/policy-customizations";
import type { PolicyRequirements } from "../compliance/policy-requirements";
import { policyRefusal } from "../composer-request/customizations";
import type { ServiceContext } from "../context";
import { badRequest, DomainError } from "../errors";
import { blueprintNotFound } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";
import type { BlueprintBody, BlueprintCustomizations, BlueprintVersion } from "./types";

/** Image mode blueprints have no package-mode customizations to fix. */
export const bootcFixupRefusal = "Blueprint fixup is only available for package mode blueprints (it has no distribution)";

/** Versions written by others while compliance was asked: the fixes are applied again on the newest. */
const attempts = 3;

/**
 * `POST /experimental/blueprints/{id}/fixup`: the fixes of the compliance lint's errors
 * (packages, mountpoints, services, kernel, FIPS the policy requires) applied to the latest
 * version and written as the next version, with the policy's requirements as its service
 * snapshot; nothing else changes (stored credentials kept). A blueprint without a policy gets
 * an unchanged new version, as upstream. Unknown blueprint 404; image mode only 400; no
 * tailoring for the release 400; compliance failing 500. Compliance is asked before the
 * blueprint is locked; a version written meanwhile gets the fixes instead.
 */
export async function fixupBlueprint({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<{ id: string; version: number }> {
  const { db } = ctx.services;
  const orgId = ctx.identity.orgId;
  let latest = await findBlueprintVersion(db, orgId, input.id);
  for (let attempt = 1; ; attempt++) {
    if (!latest) throw blueprintNotFound();
    const requirements = await requirementsFor(ctx, latest.body);
    const written = await db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: blueprints.id })
        .from(blueprints)
        .where(and(eq(blueprints.id, input.id), eq(blueprints.orgId, orgId), not(blueprints.deleted)))
        .for("update");
      if (!locked) throw blueprintNotFound();
      const current = await findBlueprintVersion(tx, orgId, input.id);
      if (!current) throw blueprintNotFound();
      if (current.version !== latest!.version && policyOf(current.body) !== policyOf(latest!.body)) return { moved: current, version: undefined };
      const version = current.version + 1;
      await tx.insert(blueprintVersions).values({
        id: uuidv7(),
        blueprintId: input.id,
        version,
        body: fixedBody(current, requirements?.requirements),
        serviceSnapshots: requirements ? snapshotOf(requirements.policyId, requirements.requirements) : null,
      });
      return { version, moved: undefined };
    });
    if (written.version !== undefined) {
      ctx.log.info({ blueprintId: input.id, version: written.version }, "blueprint fixed up");
      return { id: input.id, version: written.version };
    }
    if (attempt >= attempts) throw new DomainError("UNAVAILABLE", "The blueprint changed while it was being fixed, try again");
    latest = written.moved;
  }
}

const policyOf = (body: BlueprintBody) => (body.customizations.openscap as { policy_id?: string } | undefined)?.policy_id;

async function requirementsFor(ctx: ServiceContext, body: BlueprintBody): Promise<{ policyId: string; requirements: PolicyRequirements } | undefined> {
  if (body.distribution === undefined && body.bootc) throw badRequest(bootcFixupRefusal);
  const policyId = policyOf(body);
  if (policyId && !ctx.services.compliance) throw policyRefusal(policyId);
  const policy = blueprintPolicy(ctx, body);
  if (!policy) return undefined;
  const requirements = await blueprintRequirements(ctx, policy, () => new DomainError("UPSTREAM", "Failed to build compliance snapshots during fixup"));
  if (!requirements) throw missingTailoring(policy);
  return { policyId: policy.policyId, requirements };
}

function fixedBody(version: BlueprintVersion, requirements: PolicyRequirements | undefined): BlueprintBody {
  if (!requirements) return version.body;
  return { ...version.body, customizations: applyPolicyFixes(version.body.customizations, requirements) as BlueprintCustomizations };
}
