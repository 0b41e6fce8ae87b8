import { DelayedError, type Job } from "bullmq";

/** What kept a parked run from doing its work. */
export type ParkCause = "composer_unreachable" | "database_unavailable";

/** Ends a parked run: a DelayedError to BullMQ (no attempt spent), with its cause for the dispatcher. */
export class ParkedError extends DelayedError {
  constructor(readonly parkCause: ParkCause) {
    super();
  }
}

/**
 * Puts the job back in the delayed set for `delayMs` as it is (its data unchanged, so the same
 * step runs again) and ends the run with a ParkedError, which costs no BullMQ attempt. For runs
 * that could not do their work through no fault of theirs: composer or PostgreSQL out of reach.
 */
export async function parkJob(job: Job, token: string | undefined, delayMs: number, cause: ParkCause): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.round(delayMs)), token);
  throw new ParkedError(cause);
}
