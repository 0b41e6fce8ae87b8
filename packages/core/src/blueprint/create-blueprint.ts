import { blueprints, blueprintVersions } from "@ib/db";
import { v7 as uuidv7 } from "uuid";
import { buildServiceSnapshots } from "../compliance/blueprint-compliance";
import type { ServiceContext } from "../context";
import { isNameUniqueViolation, nameNotUnique, ruleViolations } from "./errors";
import { checkBlueprintRules } from "./rules";
import { storedBody } from "./stored-body";
import type { BlueprintRequest } from "./types";

/**
 * `POST /blueprints`: checks the rules, asks compliance for the policy's requirements (the
 * version's service snapshot), then stores the blueprint and its version 1 in one transaction. A name already used in the org (even by a concurrent create) is a 422.
 */
export async function createBlueprint({ ctx, input }: { ctx: ServiceContext; input: BlueprintRequest }): Promise<{ id: string }> {
  const violations = checkBlueprintRules(input);
  if (violations.length > 0) throw ruleViolations(violations);

  const { identity } = ctx;
  const id = uuidv7();
  const body = storedBody(input);
  const serviceSnapshots = await buildServiceSnapshots(ctx, body);
  try {
    await ctx.services.db.transaction(async (tx) => {
      await tx.insert(blueprints).values({
        id,
        orgId: identity.orgId,
        accountNumber: identity.accountNumber,
        name: input.name,
        description: input.description ?? "",
        metadata: input.metadata ?? null,
      });
      await tx.insert(blueprintVersions).values({ id: uuidv7(), blueprintId: id, version: 1, body, serviceSnapshots });
    });
  } catch (err) {
    if (isNameUniqueViolation(err)) throw nameNotUnique();
    throw err;
  }
  ctx.log.info({ blueprintId: id }, "blueprint created");
  return { id };
}
