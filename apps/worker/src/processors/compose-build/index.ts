import { composeBuildPayload, type ComposeBuildJobData } from "@ib/queue";
import { UnrecoverableError } from "bullmq";
import { defineProcessor } from "../context";
import { parkForComposer } from "./composer-outage";
import { delayComposeJob } from "./delay";
import { fetchMetadataLater } from "./metadata";
import { pollCompose, pollSettings } from "./poll";
import { jittered } from "./poll-schedule";
import { submitCompose } from "./submit";

/**
 * The step job of one compose: `submit` until composer has it, then `poll` until it ends, then,
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
    if (data.step === "submit") {
      const outcome = await submitCompose(run, ctx);
      if (outcome.kind === "done") return { outcome: outcome.reason };
      if (outcome.kind === "leased") {
        return delayComposeJob(run.job, run.token, data, outcome.retryInMs + jittered(250, 1, ctx.random));
      }
      if (outcome.kind === "retry") return delayComposeJob(run.job, run.token, data, outcome.retryInMs);
      data = { ...data, step: "poll", composerId: outcome.composerId, polls: 0, pollErrors: 0, pollRefusals: 0 };
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
