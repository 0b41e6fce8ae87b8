import { and, blueprints, blueprintVersions, eq, not } from "@ib/db";
import { v7 as uuidv7 } from "uuid";
import { buildServiceSnapshots } from "../compliance/blueprint-compliance";
import type { ServiceContext } from "../context";
import { blueprintNotFound, isNameUniqueViolation, nameNotUnique, ruleViolations } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";
import { withCryptedPassword } from "./passwords";
import { checkBlueprintRules } from "./rules";
import { storedBody } from "./stored-body";
import type { BlueprintRequest } from "./types";

/**
 * `PUT /blueprints/{id}`: a full replacement stored as version N+1, with the name and description
 * updated and the compliance policy's requirements as its service snapshot. Users without a
 * password or SSH key keep the stored ones of the same-named user.
 * The blueprint row is locked for the transaction, so concurrent updates get distinct versions.
 */
export async function updateBlueprint({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; blueprint: BlueprintRequest };
}): Promise<{ id: string; version: number }> {
  const { id, blueprint } = input;
  const violations = checkBlueprintRules(blueprint);
  if (violations.length > 0) throw ruleViolations(violations);

  // Hash before taking the lock: crypting is the slow part.
  const users = blueprint.customizations.users?.map(withCryptedPassword);
  const request = users ? { ...blueprint, customizations: { ...blueprint.customizations, users } } : blueprint;
  const orgId = ctx.identity.orgId;
  // Compliance is asked before the lock is taken; credentials do not change the snapshot.
  const serviceSnapshots = await buildServiceSnapshots(ctx, request);
  try {
    const version = await ctx.services.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: blueprints.id })
        .from(blueprints)
        .where(and(eq(blueprints.id, id), eq(blueprints.orgId, orgId), not(blueprints.deleted)))
        .for("update");
      if (!locked) throw blueprintNotFound();
      const previous = await findBlueprintVersion(tx, orgId, id);
      const next = (previous?.version ?? 0) + 1;
      const body = storedBody(request, previous?.body.customizations.users ?? []);
      await tx.insert(blueprintVersions).values({ id: uuidv7(), blueprintId: id, version: next, body, serviceSnapshots });
      await tx
        .update(blueprints)
        .set({ name: blueprint.name, description: blueprint.description ?? "" })
        .where(and(eq(blueprints.id, id), eq(blueprints.orgId, orgId)));
      return next;
    });
    ctx.log.info({ blueprintId: id, version }, "blueprint updated");
    return { id, version };
  } catch (err) {
    if (isNameUniqueViolation(err)) throw nameNotUnique();
    throw err;
  }
}
