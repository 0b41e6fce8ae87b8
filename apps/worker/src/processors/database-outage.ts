import { classifyDatabaseError, DatabaseUnavailableError, databaseUnavailable } from "@ib/db";
import type { Job } from "bullmq";
import type { Logger } from "../logger";
import type { WorkerMetrics } from "../metrics";
import { parkJob } from "./park";

/**
 * The PostgreSQL outage a job run met: a DatabaseUnavailableError (the deadline-guarded client
 * throws it, drizzle may wrap it), or a postgres.js connection error that reached us unclassified.
 */
export function databaseOutage(err: unknown): DatabaseUnavailableError | undefined {
  const typed = databaseUnavailable(err);
  if (typed) return typed;
  let current: unknown = err;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const classified = classifyDatabaseError(current);
    if (classified instanceof DatabaseUnavailableError) return classified;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Job runs parked by PostgreSQL outages, with one log line when the first run meets one and one
 * when a run gets through again (with how many were parked meanwhile), instead of one per job.
 */
export class DatabaseOutageWatch {
  private since = 0;
  private parkedRuns = 0;

  constructor(
    private readonly opts: { retryMs: number; log: Logger; metrics: WorkerMetrics; random: () => number },
  ) {}

  /** Parks the job for about DB_UNAVAILABLE_RETRY_MS (+- 20 %): the same step runs again, no attempt spent. */
  async park(job: Job, token: string | undefined, outage: DatabaseUnavailableError): Promise<never> {
    if (this.since === 0) {
      this.since = Date.now();
      this.parkedRuns = 0;
      this.opts.log.warn(
        { reason: outage.reason, err: outage.message, retryMs: this.opts.retryMs },
        "PostgreSQL unavailable: job runs are parked and run again when it answers",
      );
    }
    this.parkedRuns++;
    this.opts.metrics.databaseParked.inc({ name: job.name });
    return parkJob(job, token, this.opts.retryMs * (0.8 + 0.4 * this.opts.random()), "database_unavailable");
  }

  /** A run got through without meeting the outage: PostgreSQL answers again. */
  cleared(): void {
    if (this.since === 0) return;
    this.opts.log.info({ outageMs: Date.now() - this.since, parkedRuns: this.parkedRuns }, "PostgreSQL answers again: parked job runs resume");
    this.since = 0;
    this.parkedRuns = 0;
  }
}
