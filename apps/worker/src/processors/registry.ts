import { jobNames, type JobName } from "@ib/queue";
import { DelayedError, UnrecoverableError, type Job, type Processor } from "bullmq";
import type { z } from "zod";
import { composeBuildProcessor } from "./compose-build";
import { composeCancelProcessor } from "./compose-cancel";
import type { ProcessorDefinition, WorkerContext } from "./context";
import { databaseOutage } from "./database-outage";
import { ParkedError } from "./park";
import { reconcileProcessor } from "./reconcile";
import { retentionProcessor } from "./retention";

/** Every job the worker runs, by name. */
export const processors: Record<JobName, ProcessorDefinition<z.ZodType>> = {
  [jobNames.composeBuild]: composeBuildProcessor as ProcessorDefinition<z.ZodType>,
  [jobNames.composeCancel]: composeCancelProcessor as ProcessorDefinition<z.ZodType>,
  [jobNames.composesReconcile]: reconcileProcessor as ProcessorDefinition<z.ZodType>,
  [jobNames.composesRetention]: retentionProcessor as ProcessorDefinition<z.ZodType>,
};

function describePayloadIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * The BullMQ processor of a queue: finds the job's definition by name, parses its payload
 * (an unknown name or a bad payload fails the job without retries), gives the run a child
 * logger carrying the job and compose ids and the request id, and records duration and outcome.
 * A run that met a PostgreSQL outage is parked (see database-outage.ts) instead of failing.
 */
export function createDispatcher(ctx: WorkerContext): Processor {
  return async (job: Job, token?: string, signal?: AbortSignal) => {
    const definition = processors[job.name as JobName];
    if (!definition) throw new UnrecoverableError(`no processor for job name ${job.name}`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${describePayloadIssues(parsed.error)}`);
    const data = parsed.data as { composeId?: string; requestId?: string };
    const log = ctx.log.child({ jobId: job.id, job: job.name, composeId: data.composeId, requestId: data.requestId });
    const step = definition.step?.(parsed.data) ?? "run";
    const end = ctx.metrics.jobDuration.startTimer({ name: job.name, step });
    try {
      const result = await definition.process({ job, token, signal, data: parsed.data, log }, ctx);
      end({ outcome: "completed" });
      ctx.metrics.jobOutcomes.inc({ name: job.name, outcome: "completed" });
      ctx.databaseOutage.cleared();
      return result;
    } catch (caught) {
      let err = caught;
      // PostgreSQL out of reach: the run is parked and runs again, it never fails for it.
      const outage = err instanceof ParkedError ? undefined : databaseOutage(err);
      if (outage) err = await ctx.databaseOutage.park(job, token, outage).catch((parked: unknown) => parked);
      else if (!(err instanceof ParkedError)) ctx.databaseOutage.cleared();
      const outcome =
        err instanceof ParkedError ? "parked" : err instanceof DelayedError ? "delayed" : err instanceof UnrecoverableError ? "failed" : "retry";
      end({ outcome });
      ctx.metrics.jobOutcomes.inc({ name: job.name, outcome });
      if (outcome === "retry") log.warn({ err: (err as Error).message, attempt: job.attemptsMade + 1 }, "job run failed");
      throw err;
    }
  };
}
