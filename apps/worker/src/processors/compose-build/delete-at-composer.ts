import { ComposerError } from "@ib/core/composer";
import { markDeletedAtComposer } from "@ib/core/compose-build";
import type { WorkerContext } from "../context";

export type ComposerDeleteResult = "deleted" | "gone" | "refused";

/**
 * Deletes the build of a cancelled compose at composer and records that it is done: composer
 * deleted it, answered 404 (it no longer knows it), or refused with another 4xx (asking again
 * would not help; logged). Composer unreachable or failing (5xx, timeout): thrown, for the
 * caller to try again (the job's attempts, then the reconciler).
 */
export async function deleteAtComposer(
  ctx: WorkerContext,
  input: { composeId: string; composerId: string; requestId?: string; signal?: AbortSignal },
): Promise<ComposerDeleteResult> {
  const { composeId, composerId } = input;
  let result: ComposerDeleteResult = "deleted";
  try {
    await ctx.composer.deleteCompose(composerId, { requestId: input.requestId, composeId, signal: input.signal });
  } catch (err) {
    if (!(err instanceof ComposerError && err.kind === "permanent")) throw err;
    result = err.status === 404 ? "gone" : "refused";
    if (result === "refused") ctx.log.error({ composeId, composerId, status: err.status, err: err.message }, "composer refused to delete a cancelled build");
  }
  await markDeletedAtComposer(ctx.db, { composeId, composerId });
  ctx.metrics.cancellations.inc({ result });
  return result;
}
