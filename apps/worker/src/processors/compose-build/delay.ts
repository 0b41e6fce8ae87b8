import { DelayedError, type Job } from "bullmq";
import { pollStepPriority, type ComposeBuildJobData } from "@ib/queue";

/**
 * Parks the step job until `delayMs` from now with its new state: the data first (a crash in
 * between re-runs the job with the new step, which is safe), then, when it starts following a
 * build, the poll step's priority, then the move, then DelayedError, which tells BullMQ the run
 * ended without consuming an attempt.
 */
export async function delayComposeJob(job: Job, token: string | undefined, data: ComposeBuildJobData, delayMs: number): Promise<never> {
  await job.updateData(data);
  // Read back from Redis, the priority may be a string.
  if (data.step === "poll" && Number(job.priority ?? 0) !== pollStepPriority) await job.changePriority({ priority: pollStepPriority });
  await job.moveToDelayed(Date.now() + Math.max(1, Math.round(delayMs)), token);
  throw new DelayedError();
}
