import {
  failStuckComposes,
  listStaleComposes,
  listUndeletedCancellations,
  markComposesChecked,
  type StaleCompose,
  type StaleCursor,
} from "@ib/core/compose-build";
import { composeBuildPayload, composesReconcilePayload, jobNames, pollStepPriority } from "@ib/queue";
import { deleteAtComposer } from "./compose-build/delete-at-composer";
import { defineProcessor, type WorkerContext } from "./context";

type RestoreAction = "requeued_submit" | "requeued_poll" | "replaced_finished_job" | "kept";

/**
 * Makes sure an in-flight compose has a live job. Its job id is the compose id, so this is a
 * no-op while the job waits, runs or is delayed; a missing job (never enqueued, or Redis lost it)
 * is added at the step the row is in; a job that ended (failed after its attempts, or stalled
 * too often) while the row is still in flight is replaced.
 */
async function restoreJob(ctx: WorkerContext, compose: StaleCompose): Promise<RestoreAction> {
  const queue = ctx.composeQueue;
  const state = await queue.getJobState(compose.id);
  if (state !== "unknown" && state !== "failed" && state !== "completed") return "kept";
  if (state !== "unknown") {
    const job = await queue.getJob(compose.id);
    await job?.remove().catch((err: Error) => ctx.log.warn({ composeId: compose.id, err: err.message }, "could not remove the finished job"));
  } else {
    // A job in no state may still have a hash: a step that ran while Redis lost the job's other
    // keys writes a few fields into a new one. Under the same id that remnant would turn the add
    // below into a no-op for good, so it goes first (a job still locked by a worker stays).
    await queue.remove(compose.id).catch((err: Error) => ctx.log.warn({ composeId: compose.id, err: err.message }, "could not remove a job remnant"));
  }
  const data = composeBuildPayload.parse({
    composeId: compose.id,
    step: compose.composerId ? "poll" : "submit",
    composerId: compose.composerId ?? undefined,
  });
  await queue.add(jobNames.composeBuild, data, { jobId: compose.id, ...(data.step === "poll" ? { priority: pollStepPriority } : {}) });
  if (state !== "unknown") return "replaced_finished_job";
  return compose.composerId ? "requeued_poll" : "requeued_submit";
}

/**
 * Cancelled builds left at composer (their cancel job was never enqueued, or gave up while
 * composer was down): one batch deleted per run. Returns how many are done.
 */
async function deleteCancelledAtComposer(ctx: WorkerContext): Promise<number> {
  const left = await listUndeletedCancellations(ctx.db, { olderThanMs: ctx.env.RECONCILE_STALE_MS, limit: ctx.env.RECONCILE_BATCH });
  const results = await Promise.allSettled(left.map((c) => deleteAtComposer(ctx, { composeId: c.id, composerId: c.composerId })));
  for (const [i, r] of results.entries()) {
    if (r.status === "rejected") ctx.log.warn({ composeId: left[i]!.id, err: (r.reason as Error).message }, "cancelled build not deleted at composer yet");
  }
  return results.filter((r) => r.status === "fulfilled").length;
}

/**
 * The reconciler: PostgreSQL is the truth, Redis only work in flight.
 * 1. Composes in flight beyond COMPOSE_CEILING_MS fail as timed out.
 * 2. Cancelled builds still at composer RECONCILE_STALE_MS after the cancel are deleted there.
 * 3. Composes in flight that nobody wrote for RECONCILE_STALE_MS (a pending one the API could
 *    not enqueue, a build whose job vanished with Redis) get their job restored; every compose
 *    examined is marked checked, so a backlog larger than one run is worked through in turn.
 * Bounded (RECONCILE_BATCH x RECONCILE_MAX_BATCHES per run), idempotent and safe to run from
 * several workers at once: re-adds dedupe on the job id, the ceiling update skips locked rows,
 * and every step job re-checks the row before acting.
 */
export const reconcileProcessor = defineProcessor({
  payload: composesReconcilePayload,
  async process(run, ctx) {
    const { env, metrics } = ctx;
    let timedOut = 0;
    for (let batch = 0; batch < env.RECONCILE_MAX_BATCHES; batch++) {
      const failed = await failStuckComposes(ctx, { ceilingMs: env.COMPOSE_CEILING_MS, limit: env.RECONCILE_BATCH });
      timedOut += failed.length;
      for (const id of failed) run.log.warn({ composeId: id }, "compose timed out");
      if (failed.length < env.RECONCILE_BATCH) break;
    }
    metrics.reconcileActions.inc({ action: "failed_stuck" }, timedOut);
    if (timedOut > 0) metrics.composeOutcomes.inc({ status: "failure", reason: "timed_out" }, timedOut);

    const deletedCancelled = await deleteCancelledAtComposer(ctx);
    if (deletedCancelled > 0) metrics.reconcileActions.inc({ action: "deleted_cancelled" }, deletedCancelled);

    const counts: Record<RestoreAction, number> = { requeued_submit: 0, requeued_poll: 0, replaced_finished_job: 0, kept: 0 };
    let after: StaleCursor | undefined;
    let examined = 0;
    for (let batch = 0; batch < env.RECONCILE_MAX_BATCHES; batch++) {
      const stale = await listStaleComposes(ctx.db, { staleMs: env.RECONCILE_STALE_MS, limit: env.RECONCILE_BATCH, after });
      const actions = await Promise.all(stale.map((compose) => restoreJob(ctx, compose)));
      for (const action of actions) counts[action]++;
      await markComposesChecked(ctx.db, { ids: stale.map((c) => c.id) });
      examined += stale.length;
      const last = stale.at(-1);
      if (!last || stale.length < env.RECONCILE_BATCH) break;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
    for (const action of ["requeued_submit", "requeued_poll", "replaced_finished_job"] as const) {
      if (counts[action] > 0) metrics.reconcileActions.inc({ action }, counts[action]);
    }
    const summary = { timedOut, deletedCancelled, examined, ...counts };
    if (timedOut + deletedCancelled + counts.requeued_submit + counts.requeued_poll + counts.replaced_finished_job > 0) {
      run.log.info(summary, "reconciled composes");
    } else {
      run.log.debug(summary, "reconciled composes");
    }
    return summary;
  },
});
