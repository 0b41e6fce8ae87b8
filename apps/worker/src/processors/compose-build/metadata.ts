import { recordComposeMetadata, storableMetadata, type StoredComposeMetadata } from "@ib/core/compose-build";
import { ComposerError } from "@ib/core/composer";
import type { ComposeBuildJobData } from "@ib/queue";
import type { JobRun, WorkerContext } from "../context";
import { metadataRetryDelay, type MetadataRetrySettings } from "./poll-schedule";
import type { StepOutcome } from "./step-outcome";

export type MetadataFetch = { kind: "fetched"; metadata: StoredComposeMetadata } | { kind: "failed"; error: string; permanent: boolean };

export function metadataRetrySettings(ctx: WorkerContext): MetadataRetrySettings {
  const { env } = ctx;
  return { initialMs: env.METADATA_BACKOFF_MS, maxMs: env.METADATA_BACKOFF_MAX_MS, attempts: env.METADATA_ATTEMPTS, jitter: env.POLL_JITTER };
}

/**
 * One fetch of composer's `/metadata` for a succeeded build. An answer without a package list
 * counts as a failure (composer has none yet): an empty list is never stored in its place.
 * A refusal (4xx) is permanent: asking again would get the same.
 */
export async function fetchMetadata(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext, composerId: string): Promise<MetadataFetch> {
  const { composeId, requestId } = run.data;
  try {
    const metadata = storableMetadata(await ctx.composer.getComposeMetadata(composerId, { requestId, composeId, signal: run.signal }));
    if (metadata) return { kind: "fetched", metadata };
    return { kind: "failed", error: "composer's metadata has no package list", permanent: false };
  } catch (err) {
    return { kind: "failed", error: (err as Error).message, permanent: err instanceof ComposerError && err.kind === "permanent" };
  }
}

/**
 * After the `attempts`-th failed fetch of a success already recorded: wait and fetch again
 * (the `metadata` step), or, the schedule spent or composer refusing, end the job; then
 * `GET /composes/{id}/metadata` asks composer when a client wants the list.
 */
export function afterFailedFetch(
  run: JobRun<ComposeBuildJobData>,
  ctx: WorkerContext,
  attempts: number,
  failure: Extract<MetadataFetch, { kind: "failed" }>,
): StepOutcome {
  const delayMs = failure.permanent ? undefined : metadataRetryDelay(attempts, metadataRetrySettings(ctx), ctx.random);
  if (delayMs === undefined) {
    ctx.metrics.metadataFetches.inc({ result: "exhausted" });
    run.log.error({ err: failure.error, attempts }, "metadata still unavailable; GET /composes/{id}/metadata will ask composer");
    return { kind: "finished", status: "success" };
  }
  ctx.metrics.metadataFetches.inc({ result: "failed" });
  run.log.warn({ err: failure.error, attempts, retryInMs: delayMs }, "metadata fetch failed, fetching again later");
  return { kind: "again", data: { ...run.data, step: "metadata", metadataAttempts: attempts }, delayMs };
}

/** The `metadata` step: one more fetch for a success stored without its package list. */
export async function fetchMetadataLater(run: JobRun<ComposeBuildJobData>, ctx: WorkerContext, composerId: string): Promise<StepOutcome> {
  const attempts = run.data.metadataAttempts + 1;
  const fetched = await fetchMetadata(run, ctx, composerId);
  if (fetched.kind === "failed") return afterFailedFetch(run, ctx, attempts, fetched);
  const written = await recordComposeMetadata(ctx.db, { composeId: run.data.composeId, metadata: fetched.metadata });
  ctx.metrics.metadataFetches.inc({ result: "stored" });
  run.log.info({ attempts, written }, written ? "metadata stored after the success" : "metadata was stored meanwhile");
  return { kind: "finished", status: "success" };
}
