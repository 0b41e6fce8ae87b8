import { readCancellation } from "@ib/core/compose-build";
import { composeCancelPayload } from "@ib/queue";
import { deleteAtComposer } from "./compose-build/delete-at-composer";
import { defineProcessor } from "./context";

/**
 * The cancel job of a compose the API just cancelled (the row already says `failure`): its
 * parked build job leaves the queue (a running one stops at its next guarded write), and its
 * build, when it reached composer, is deleted there. A compose cancelled while its submission
 * was on its way is deleted by the submitter, which records composer's id only then.
 */
export const composeCancelProcessor = defineProcessor({
  payload: composeCancelPayload,
  async process(run, ctx) {
    const { composeId, requestId } = run.data;
    const removed = await ctx.composeQueue.remove(composeId).catch((err: Error) => {
      run.log.warn({ err: err.message }, "could not remove the build job of a cancelled compose");
      return 0;
    });
    const cancellation = await readCancellation(ctx.db, { composeId });
    if (!cancellation?.cancelled) return { outcome: "not_cancelled" };
    if (cancellation.deletedAtComposer) return { outcome: "already_deleted" };
    if (!cancellation.composerId) {
      ctx.metrics.cancellations.inc({ result: "not_submitted" });
      run.log.info({ buildJobRemoved: removed === 1 }, "cancelled compose never reached composer");
      return { outcome: "not_submitted" };
    }
    const result = await deleteAtComposer(ctx, { composeId, composerId: cancellation.composerId, requestId, signal: run.signal });
    run.log.info({ composerId: cancellation.composerId, result, buildJobRemoved: removed === 1 }, "cancelled compose deleted at composer");
    return { outcome: result };
  },
});
