import { buildComposerRequest } from "@ib/core/composer-request";
import { claimSubmission, composeFailureIds, failCompose, recordSubmission, releaseSubmissionClaim } from "@ib/core/compose-build";
import { isDomainError } from "@ib/core";
import { UnrecoverableError } from "bullmq";
import type { ComposeBuildJobData } from "@ib/queue";
import type { JobRun, WorkerContext } from "../context";
import { classifySubmissionFailure, rejectionError, unreadableAcceptanceError } from "./composer-errors";

export type SubmitOutcome =
  | { kind: "submitted"; composerId: string }
  | { kind: "leased"; retryInMs: number }
  | { kind: "done"; reason: string };

function isFinalAttempt(run: JobRun<unknown>): boolean {
  return run.job.attemptsMade + 1 >= (run.job.opts.attempts ?? 1);
}

/**
 * The submit step: claim the compose (guarded, with a lease), build composer's request, post it,
 * store composer's id while the claim still holds.
 * - the request cannot be built, or composer refuses it (4xx): the compose fails for good;
 * - composer accepts it (2xx) but its answer has no readable id: the compose fails, never re-posted;
 * - composer fails (5xx, timeout, connection): the error is rethrown and BullMQ retries with
 *   back-off; on the last attempt the compose fails;
 * - another claimant holds the lease: try again when it ends.
 */
export async function submitCompose(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext): Promise<SubmitOutcome> {
  const { composeId, requestId } = run.data;
  const { db, metrics } = ctx;
  const claimed = await claimSubmission(db, { composeId, leaseMs: ctx.env.SUBMIT_LEASE_MS });
  if (claimed.kind === "done") {
    run.log.info({ reason: claimed.reason }, "nothing to submit");
    return claimed;
  }
  if (claimed.kind !== "claimed") return claimed;
  const { claim } = claimed;

  let body;
  try {
    body = buildComposerRequest(
      { catalog: ctx.catalog, settings: ctx.uploadSettings },
      { request: claim.request, blueprintId: claim.blueprintId },
    );
  } catch (err) {
    if (!isDomainError(err)) throw err;
    await failCompose(db, { composeId, error: { id: composeFailureIds.requestInvalid, reason: err.detail } });
    metrics.composeOutcomes.inc({ status: "failure", reason: "request_invalid" });
    run.log.warn({ reason: err.detail }, "compose request cannot be sent to composer");
    return { kind: "done", reason: "request_invalid" };
  }

  let composerId: string;
  try {
    ({ id: composerId } = await ctx.composer.postCompose(body, { requestId, composeId, signal: run.signal }));
  } catch (err) {
    const failure = classifySubmissionFailure(err);
    if (failure.kind === "accepted_unreadable") {
      // Composer holds the work: posting again would build it twice. The claim is kept (the
      // compose has ended anyway), so nothing else posts it either.
      const error = unreadableAcceptanceError(failure.status, err);
      await failCompose(db, { composeId, error });
      metrics.submissions.inc({ result: "unreadable" });
      metrics.unreadableAcceptances.inc({ code: String(failure.status) });
      metrics.composeOutcomes.inc({ status: "failure", reason: "accepted_unreadable" });
      run.log.error({ status: failure.status, err: (err as Error).message }, "composer accepted the compose but its answer cannot be read; not posting again");
      return { kind: "done", reason: "accepted_unreadable" };
    }
    if (failure.kind === "rejected") {
      const error = rejectionError(failure.error);
      await failCompose(db, { composeId, error });
      metrics.submissions.inc({ result: "rejected" });
      metrics.composeOutcomes.inc({ status: "failure", reason: "rejected" });
      run.log.warn({ status: failure.error.status, error }, "composer rejected the compose");
      throw new UnrecoverableError(`composer rejected the compose: ${failure.error.message}`);
    }
    metrics.submissions.inc({ result: "error" });
    // Nothing was created: the retry need not wait for the lease. A "maybe" keeps the lease so
    // nobody posts meanwhile (see the table in composer-errors.ts).
    if (failure.kind === "not_created") {
      await releaseSubmissionClaim(db, { composeId, token: claim.token });
    }
    if (isFinalAttempt(run)) {
      const reason = `Composer did not accept the compose after ${run.job.attemptsMade + 1} attempts: ${(err as Error).message}`;
      await failCompose(db, { composeId, error: { id: composeFailureIds.submitExhausted, reason } });
      metrics.composeOutcomes.inc({ status: "failure", reason: "submit_exhausted" });
      throw new UnrecoverableError(reason);
    }
    run.log.warn({ err: (err as Error).message, attempt: run.job.attemptsMade + 1 }, "submission failed, will retry");
    throw err;
  }

  if (await recordSubmission(db, { composeId, token: claim.token, composerId })) {
    metrics.submissions.inc({ result: "accepted" });
    run.log.info({ composerId }, "submitted to composer");
    return { kind: "submitted", composerId };
  }
  // Our claim was lost while composer answered (the lease ran out and someone re-claimed, or the
  // compose ended meanwhile). If the row is free again, this submission is as good as any.
  const again = await claimSubmission(db, { composeId, leaseMs: ctx.env.SUBMIT_LEASE_MS });
  if (again.kind === "claimed" && (await recordSubmission(db, { composeId, token: again.claim.token, composerId }))) {
    metrics.submissions.inc({ result: "accepted" });
    return { kind: "submitted", composerId };
  }
  metrics.submissions.inc({ result: "orphaned" });
  run.log.warn({ orphanComposerId: composerId, now: again.kind }, "submission accepted after the claim was lost; composer job left unfollowed");
  if (again.kind !== "claimed") return again;
  await releaseSubmissionClaim(db, { composeId, token: again.claim.token });
  return { kind: "leased", retryInMs: 0 };
}
