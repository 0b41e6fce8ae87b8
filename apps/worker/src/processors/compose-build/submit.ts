import { buildComposerRequest } from "@ib/core/composer-request";
import {
  claimSubmission,
  composeFailureIds,
  failCompose,
  recordCancelledSubmission,
  recordSubmission,
  recordSubmissionFailure,
  releaseSubmissionClaim,
} from "@ib/core/compose-build";
import { isDomainError } from "@ib/core";
import { UnrecoverableError } from "bullmq";
import type { ComposeBuildJobData } from "@ib/queue";
import type { JobRun, WorkerContext } from "../context";
import { databaseOutage } from "../database-outage";
import { isSubmissionHeldByBreaker, parkHeldSubmission } from "./composer-outage";
import { deleteAtComposer } from "./delete-at-composer";
import { classifySubmissionFailure, rejectionError, unreadableAcceptanceError, type SubmissionFailure } from "./composer-errors";

export type SubmitOutcome =
  | { kind: "submitted"; composerId: string }
  /** Composer accepted it, PostgreSQL could not store it: store it later, never post again. */
  | { kind: "unrecorded"; composerId: string; token: string }
  | { kind: "leased"; retryInMs: number }
  /** The post failed; post again after the back-off. */
  | { kind: "retry"; retryInMs: number }
  | { kind: "done"; reason: string };

/**
 * A post that failed but may succeed later: counted on the row with its reason and back-off
 * (the claim is released when composer certainly created nothing, see composer-errors.ts).
 * The job then waits for the back-off in the delayed set, which costs no BullMQ attempt: the
 * budget is the row's SUBMIT_ATTEMPTS, and it survives a lost Redis. The last attempt fails the
 * compose with the cause.
 */
async function retryLater(
  run: JobRun<ComposeBuildJobData>,
  ctx: WorkerContext,
  token: string,
  failure: Extract<SubmissionFailure, { kind: "not_created" | "maybe_created" }>,
  err: Error,
): Promise<SubmitOutcome> {
  const { db, env, metrics } = ctx;
  const { composeId } = run.data;
  const recorded = await recordSubmissionFailure(db, {
    composeId,
    token,
    error: err.message,
    release: failure.kind === "not_created",
    backoff: { initialMs: env.SUBMIT_BACKOFF_MS, maxMs: env.SUBMIT_BACKOFF_MAX_MS, factor: 1 + backoffJitter * (2 * ctx.random() - 1) },
  });
  // The claim was lost meanwhile (the lease ran out, the compose ended): let the claim decide.
  if (!recorded) return { kind: "leased", retryInMs: 0 };
  if (recorded.attempts >= env.SUBMIT_ATTEMPTS) {
    const reason = `Composer did not accept the compose after ${recorded.attempts} attempts: ${err.message}`;
    await failCompose(ctx, { composeId, error: { id: composeFailureIds.submitExhausted, reason } });
    metrics.composeOutcomes.inc({ status: "failure", reason: "submit_exhausted" });
    run.log.warn({ attempts: recorded.attempts, err: err.message }, "submission failed for the last time; compose failed");
    throw new UnrecoverableError(reason);
  }
  metrics.submissionRetries.inc({ reason: failure.reason });
  run.log.warn({ err: err.message, reason: failure.reason, attempts: recorded.attempts, retryInMs: recorded.retryInMs }, "submission failed, will retry");
  return { kind: "retry", retryInMs: recorded.retryInMs };
}

/** +- this share of randomness on the back-off. */
const backoffJitter = 0.2;

/**
 * The submit step: claim the compose (guarded, with a lease), build composer's request from the
 * row alone (the request and what acceptance resolved), post it,
 * store composer's id while the claim still holds.
 * - the request cannot be built, or composer refuses it (4xx): the compose fails for good;
 * - composer accepts it (2xx) but its answer has no readable id: the compose fails, never re-posted;
 * - composer fails (5xx, timeout, connection): the attempt is recorded on the row and the job
 *   waits out the back-off; after SUBMIT_ATTEMPTS the compose fails;
 * - another claimant holds the lease: try again when it ends;
 * - composer's circuit breaker refused the post or opened with it: parked, no attempt spent;
 * - composer accepted it but PostgreSQL cannot store the id: a `record` step stores it later.
 */
export async function submitCompose(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext): Promise<SubmitOutcome> {
  const { composeId, requestId } = run.data;
  const { metrics } = ctx;
  const claimed = await claimSubmission(ctx, { composeId, leaseMs: ctx.env.SUBMIT_LEASE_MS });
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
      { request: claim.request, resolved: claim.resolved, blueprintId: claim.blueprintId },
    );
  } catch (err) {
    if (!isDomainError(err)) throw err;
    await failCompose(ctx, { composeId, error: { id: composeFailureIds.requestInvalid, reason: err.detail } });
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
      await failCompose(ctx, { composeId, error });
      metrics.submissions.inc({ result: "unreadable" });
      metrics.unreadableAcceptances.inc({ code: String(failure.status) });
      metrics.composeOutcomes.inc({ status: "failure", reason: "accepted_unreadable" });
      run.log.error({ status: failure.status, err: (err as Error).message }, "composer accepted the compose but its answer cannot be read; not posting again");
      return { kind: "done", reason: "accepted_unreadable" };
    }
    if (failure.kind === "rejected") {
      const error = rejectionError(failure.error);
      await failCompose(ctx, { composeId, error });
      metrics.submissions.inc({ result: "rejected" });
      metrics.composeOutcomes.inc({ status: "failure", reason: "rejected" });
      run.log.warn({ status: failure.error.status, error }, "composer rejected the compose");
      throw new UnrecoverableError(`composer rejected the compose: ${failure.error.message}`);
    }
    if (isSubmissionHeldByBreaker(ctx, err)) return parkHeldSubmission(run, ctx, claim.token, err);
    metrics.submissions.inc({ result: "error" });
    return retryLater(run, ctx, claim.token, failure, err as Error);
  }

  try {
    return await recordAcceptedSubmission(run, ctx, composerId, claim.token);
  } catch (err) {
    if (!databaseOutage(err)) throw err;
    run.log.warn({ composerId, err: (err as Error).message }, "composer accepted the compose but PostgreSQL cannot store it yet; storing it later, not posting again");
    return { kind: "unrecorded", composerId, token: claim.token };
  }
}

/**
 * Stores composer's id for a submission it accepted under the claim `token` (the end of the
 * submit step, or a `record` step after PostgreSQL was out of reach): never a second post of a
 * build composer holds.
 */
export async function recordAcceptedSubmission(
  run: JobRun<ComposeBuildJobData>,
  ctx: WorkerContext,
  composerId: string,
  token: string,
): Promise<SubmitOutcome> {
  const { composeId, requestId } = run.data;
  const { db, metrics } = ctx;
  if (await recordSubmission(db, { composeId, token, composerId })) {
    metrics.submissions.inc({ result: "accepted" });
    run.log.info({ composerId }, "submitted to composer");
    return { kind: "submitted", composerId };
  }
  // Cancelled while composer answered: composer built it, so it is recorded and deleted there.
  if (await recordCancelledSubmission(db, { composeId, token, composerId })) {
    metrics.submissions.inc({ result: "cancelled" });
    run.log.info({ composerId }, "compose cancelled while it was submitted; deleting it at composer");
    await deleteAtComposer(ctx, { composeId, composerId, requestId, signal: run.signal }).catch((err: Error) =>
      run.log.warn({ composerId, err: err.message }, "could not delete the cancelled build at composer; the reconciler will"),
    );
    return { kind: "done", reason: "cancelled" };
  }
  // Our claim was lost while composer answered (the lease ran out and someone re-claimed, or the
  // compose ended meanwhile). If the row is free again, this submission is as good as any.
  const again = await claimSubmission(ctx, { composeId, leaseMs: ctx.env.SUBMIT_LEASE_MS });
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
