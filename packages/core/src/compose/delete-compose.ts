import { and, composes, eq, sql } from "@ib/db";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { cancelComposeInFlight } from "./cancel-compose";
import { isComposeId } from "./compose-id";

/**
 * Soft-deletes one of the caller's composes: it leaves the lists but still counts toward the
 * quota. A build still in flight is cancelled first, as `POST /composes/{id}/cancel` does.
 * Deleting it again succeeds; another org's or an unknown compose: 404.
 */
export async function deleteCompose({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<void> {
  if (!isComposeId(input.id)) throw notFound("compose entry not found");
  await cancelComposeInFlight(ctx, input.id);
  const updated = await ctx.services.db
    .update(composes)
    .set({ deleted: true, updatedAt: sql`now()` })
    .where(and(eq(composes.id, input.id), eq(composes.orgId, ctx.identity.orgId)))
    .returning({ id: composes.id });
  if (updated.length === 0) throw notFound("compose entry not found");
}
