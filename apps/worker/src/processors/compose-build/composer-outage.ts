import { releaseSubmissionClaim } from "@ib/core/compose-build";
import type { ComposeBuildJobData } from "@ib/queue";
import { isBreakerRejection, isComposerOutage } from "../../composer/breaker";
import type { JobRun, WorkerContext } from "../context";
import { parkJob } from "../park";
import { classifySubmissionFailure } from "./composer-errors";

/**
 * A compose step held back by composer's open circuit breaker: parked as it is, without a call
 * to composer or a write to the row, so the submission budget is untouched; no log line (the
 * breaker logs the outage once).
 */
export function parkForComposer(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext): Promise<never> {
  ctx.composerBreaker.parked();
  return parkJob(run.job, run.token, ctx.composerBreaker.retryInMs(), "composer_unreachable");
}

/**
 * A failed post that belongs to the outage rather than to this compose: the breaker refused it
 * (it opened between the step's start and the post), or it failed as composer went away and the
 * breaker is open now. Such a post spends no attempt of the submission budget.
 */
export function isSubmissionHeldByBreaker(ctx: WorkerContext, err: unknown): boolean {
  return isBreakerRejection(err) || (isComposerOutage(err) && !ctx.composerBreaker.closed());
}

/**
 * Parks a submission held by the breaker. Nothing reached composer (refused by the breaker, or
 * by the connection): the claim is released. Composer may hold it (timeout, 502/504): the claim
 * keeps its lease, so it is not posted again before the lease ends (composer-errors.ts).
 */
export async function parkHeldSubmission(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext, token: string, err: unknown): Promise<never> {
  const refused = isBreakerRejection(err);
  if (!refused) ctx.metrics.submissions.inc({ result: "error" });
  if (refused || classifySubmissionFailure(err).kind === "not_created") {
    await releaseSubmissionClaim(ctx.db, { composeId: run.data.composeId, token });
  }
  return parkForComposer(run, ctx);
}
