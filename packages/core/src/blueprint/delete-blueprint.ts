import { and, blueprints, blueprintVersions, composes, eq, inArray, not, sql } from "@ib/db";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

/**
 * `DELETE /blueprints/{id}`: soft-deletes the blueprint, renamed to its own id so that the name can
 * be used again, and every compose built from it, in one transaction. The composes still count
 * towards the quota.
 */
export async function deleteBlueprint({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<void> {
  const orgId = ctx.identity.orgId;
  await ctx.services.db.transaction(async (tx) => {
    const deleted = await tx
      .update(blueprints)
      .set({ deleted: true, name: input.id })
      .where(and(eq(blueprints.id, input.id), eq(blueprints.orgId, orgId), not(blueprints.deleted)))
      .returning({ id: blueprints.id });
    if (deleted.length === 0) throw notFound("Not Found");
    const versions = tx
      .select({ id: blueprintVersions.id })
      .from(blueprintVersions)
      .where(eq(blueprintVersions.blueprintId, input.id));
    await tx
      .update(composes)
      .set({ deleted: true, updatedAt: sql`now()` })
      .where(and(eq(composes.orgId, orgId), inArray(composes.blueprintVersionId, versions)));
  });
  ctx.log.info({ blueprintId: input.id }, "blueprint deleted");
}
