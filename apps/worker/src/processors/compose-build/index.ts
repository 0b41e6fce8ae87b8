import { composeBuildPayload, type ComposeBuildJobData } from "@ib/queue";
import { UnrecoverableError } from "bullmq";
import { defineProcessor } from "../context";
import { parkForComposer } from "./composer-outage";
import { delayComposeJob } from "./delay";
import { fetchMetadataLater } from "./metadata";
import { pollCompose, pollSettings } from "./poll";
import { jittered } from "./poll-schedule";
import { recordAcceptedSubmission, submitCompose } from "./submit";

/**
 * The step job of one compose: `submit` until composer has it (`record` when composer accepted it
 * while PostgreSQL could not store its id: stored then, never posted again), then `poll` until it ends, then,
 * for a success whose metadata composer did not give at once, `metadata` until it does or its
 * schedule ends. Each
 * run does one step (or the submission and, with POLL_INITIAL_MS=0, the first poll) and parks
 * the job in the delayed set between steps, so a waiting build holds no concurrency slot.
 * While composer's circuit breaker is open no step runs: the job is parked as it is.
 */
export const composeBuildProcessor = defineProcessor({
  payload: composeBuildPayload,
  step: (data) => data.step,
  async process(run, ctx) {
    if (!ctx.composerBreaker.closed()) return parkForComposer(run, ctx);
    let data: ComposeBuildJobData = run.data;
    if (data.step === "submit" || data.step === "record") {
      const outcome =
        data.step === "record" && data.composerId && data.claimToken
          ? await recordAcceptedSubmission(run, ctx, data.composerId, data.claimToken)
          : await submitCompose(run, ctx);
      if (outcome.kind === "done") return { outcome: outcome.reason };
      if (outcome.kind === "unrecorded") {
        const record: ComposeBuildJobData = { ...data, step: "record", composerId: outcome.composerId, claimToken: outcome.token };
        return delayComposeJob(run.job, run.token, record, jittered(ctx.env.DB_UNAVAILABLE_RETRY_MS, 0.2, ctx.random));
      }
      // Not submitted (yet): the next run claims and posts.
      const submit: ComposeBuildJobData = { ...data, step: "submit", composerId: undefined, claimToken: undefined };
      if (outcome.kind === "leased") {
        return delayComposeJob(run.job, run.token, submit, outcome.retryInMs + jittered(250, 1, ctx.random));
      }
      if (outcome.kind === "retry") return delayComposeJob(run.job, run.token, submit, outcome.retryInMs);
      data = { ...data, step: "poll", composerId: outcome.composerId, claimToken: undefined, polls: 0, pollErrors: 0, pollRefusals: 0 };
      if (ctx.env.POLL_INITIAL_MS > 0) {
        return delayComposeJob(run.job, run.token, data, jittered(ctx.env.POLL_INITIAL_MS, pollSettings(ctx).jitter, ctx.random));
      }
    }
    if (!data.composerId) throw new UnrecoverableError(`a ${data.step} step needs the composer id`);
    const outcome =
      data.step === "metadata" ? await fetchMetadataLater({ ...run, data }, ctx, data.composerId) : await pollCompose({ ...run, data }, ctx, data.composerId);
    if (outcome.kind === "finished") return { outcome: outcome.status };
    return delayComposeJob(run.job, run.token, outcome.data, outcome.delayMs);
  },
});
