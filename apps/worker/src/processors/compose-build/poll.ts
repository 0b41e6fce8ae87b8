import { ComposerError, isTerminalImageStatus, toImageBuilderImageStatus } from "@ib/core/composer";
import { composeFailureIds, failCompose, readCancellation, recordComposeStatus } from "@ib/core/compose-build";
import type { ComposeBuildJobData } from "@ib/queue";
import type { JobRun, WorkerContext } from "../context";
import { afterFailedFetch, fetchMetadata, type MetadataFetch } from "./metadata";
import { pollErrorBackoff, pollInterval, type PollSettings } from "./poll-schedule";
import type { StepOutcome } from "./step-outcome";

export type PollOutcome = StepOutcome;

export function pollSettings(ctx: WorkerContext): PollSettings {
  const { env } = ctx;
  return { initialMs: env.POLL_INITIAL_MS, maxMs: env.POLL_MAX_MS, growth: env.POLL_GROWTH, jitter: env.POLL_JITTER };
}

/**
 * One poll of a submitted compose: read composer's status, write it (guarded) and decide what
 * next. Composer unreachable or failing: poll again later with back-off (costs no attempt).
 * Composer refusing (404 = it lost the compose, or another 4xx) LOST_AFTER_POLLS times in a
 * row: the compose fails. At success the metadata is fetched and stored with the status; when
 * that fetch fails the success is recorded all the same and the job goes on to the `metadata`
 * step, which fetches it again on its own schedule (see metadata.ts).
 */
export async function pollCompose(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext, composerId: string): Promise<PollOutcome> {
  const { data } = run;
  const { composeId, requestId } = data;
  const settings = pollSettings(ctx);
  const callOpts = { requestId, composeId, signal: run.signal };

  let status;
  try {
    status = await ctx.composer.getComposeStatus(composerId, callOpts);
  } catch (err) {
    if (err instanceof ComposerError && err.kind === "permanent") return refused(run, ctx, composerId, err);
    const pollErrors = data.pollErrors + 1;
    run.log.warn({ err: (err as Error).message, pollErrors }, "status poll failed, polling again later");
    return { kind: "again", data: { ...data, pollErrors }, delayMs: pollErrorBackoff(pollErrors, settings, ctx.random) };
  }

  const image = toImageBuilderImageStatus(status);
  const fetched: MetadataFetch | undefined = image.status === "success" ? await fetchMetadata(run, ctx, composerId) : undefined;

  const written = await recordComposeStatus(ctx, {
    composeId,
    composerId,
    update: {
      status: image.status,
      progress: image.progress ?? null,
      uploadStatus: image.upload_status ?? null,
      error: image.error ?? null,
      metadata: fetched?.kind === "fetched" ? fetched.metadata : undefined,
    },
  });
  if (!written) {
    run.log.info("compose no longer in flight for this composer id; stop following it");
    return { kind: "finished", status: "superseded" };
  }
  if (isTerminalImageStatus(image.status)) {
    ctx.metrics.composeOutcomes.inc({ status: image.status, reason: image.status === "failure" ? "build_failed" : "built" });
    run.log.info({ status: image.status, error: image.error }, "compose finished");
    if (fetched?.kind === "failed") return afterFailedFetch(run, ctx, 1, fetched);
    if (fetched) ctx.metrics.metadataFetches.inc({ result: "stored" });
    return { kind: "finished", status: image.status };
  }
  const polls = data.polls + 1;
  return {
    kind: "again",
    data: { ...data, polls, pollErrors: 0, pollRefusals: 0 },
    delayMs: pollInterval(polls, settings, ctx.random),
  };
}

async function refused(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext, composerId: string, err: ComposerError): Promise<PollOutcome> {
  const { data } = run;
  // A cancelled build is deleted at composer, which then answers 404: nothing left to follow.
  if ((await readCancellation(ctx.db, { composeId: data.composeId }))?.cancelled) {
    run.log.info({ status: err.status }, "compose cancelled; stop following it");
    return { kind: "finished", status: "cancelled" };
  }
  const pollRefusals = data.pollRefusals + 1;
  if (pollRefusals < ctx.env.LOST_AFTER_POLLS) {
    run.log.warn({ status: err.status, pollRefusals }, "composer refused the status read, asking again");
    return { kind: "again", data: { ...data, pollRefusals }, delayMs: pollInterval(data.polls, pollSettings(ctx), ctx.random) };
  }
  const reason =
    err.status === 404
      ? `Composer lost the compose: it answered 404 for compose ${composerId} ${pollRefusals} times in a row`
      : `Composer refused to report on compose ${composerId} ${pollRefusals} times in a row: ${err.message}`;
  await failCompose(ctx, { composeId: data.composeId, error: { id: composeFailureIds.composeLost, reason } });
  ctx.metrics.composeOutcomes.inc({ status: "failure", reason: "lost" });
  run.log.error({ status: err.status, composerId }, "compose lost by composer");
  return { kind: "finished", status: "failure" };
}
