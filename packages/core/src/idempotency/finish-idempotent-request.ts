import { and, eq, idempotencyKeys, sql } from "@ib/db";
import type { ServiceContext } from "../context";

interface HeldKey {
  key: string;
  /** From `beginIdempotentRequest`: nothing is written once another request took the key over. */
  token: string;
}

const held = (ctx: ServiceContext, input: HeldKey) =>
  and(
    eq(idempotencyKeys.orgId, ctx.identity.orgId),
    eq(idempotencyKeys.key, input.key),
    eq(idempotencyKeys.token, input.token),
    eq(idempotencyKeys.state, "in_progress"),
  );

/** Stores the successful answer of the key's request: later requests with the key get it again. */
export async function completeIdempotentRequest({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: HeldKey & { status: number; answer: unknown };
}): Promise<void> {
  await ctx.services.db
    .update(idempotencyKeys)
    .set({ state: "completed", answerStatus: input.status, answer: input.answer, updatedAt: sql`now()` })
    .where(held(ctx, input));
}

/**
 * Forgets the key after its request failed (a 4xx or 5xx answer): nothing was accepted, so a
 * retry with the same key, the same request or a corrected one, runs anew.
 */
export async function releaseIdempotentRequest({ ctx, input }: { ctx: ServiceContext; input: HeldKey }): Promise<void> {
  await ctx.services.db.delete(idempotencyKeys).where(held(ctx, input));
}
