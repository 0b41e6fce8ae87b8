import type { Queue } from "bullmq";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Job states counted for the queue depth gauge (each one is an O(1) count in Redis). */
const countedStates = ["waiting", "active", "delayed", "prioritized", "waiting-children", "failed", "completed"] as const;

/** A scrape never waits longer than this on Redis; the gauge keeps its last values. */
const countTimeoutMs = 2_000;

/** The worker's metrics: jobs, composer calls, compose outcomes, sweeps, queue depth. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobDuration = new Histogram({
    name: "image_builder_worker_job_duration_seconds",
    help: "Duration of one run of a job processor, by job name, step and outcome.",
    labelNames: ["name", "step", "outcome"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const jobOutcomes = new Counter({
    name: "image_builder_worker_jobs_total",
    help: "Job processor runs by job name and outcome (completed, delayed, parked: composer or PostgreSQL out of reach, retry, failed).",
    labelNames: ["name", "outcome"],
    registers: [registry],
  });
  const composerDuration = new Histogram({
    name: "image_builder_worker_composer_request_duration_seconds",
    help: "Latency of composer calls by operation and HTTP status (or 'error' without an answer).",
    labelNames: ["operation", "code"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const composeOutcomes = new Counter({
    name: "image_builder_worker_compose_outcomes_total",
    help: "Composes the worker brought to an end, by final status and reason.",
    labelNames: ["status", "reason"],
    registers: [registry],
  });
  const submissions = new Counter({
    name: "image_builder_worker_submissions_total",
    help: "Composer submissions by result (accepted, orphaned: accepted but another claim won, cancelled: accepted after the compose was cancelled, so deleted again, unreadable: accepted without a readable id, rejected, error).",
    labelNames: ["result"],
    registers: [registry],
  });
  const submissionRetries = new Counter({
    name: "image_builder_worker_submission_retries_total",
    help: "Failed posts to composer that will be retried, by reason class (server_error, gateway, throttled, unauthorized, refused, timeout, connection, cancelled).",
    labelNames: ["reason"],
    registers: [registry],
  });
  const metadataFetches = new Counter({
    name: "image_builder_worker_metadata_fetches_total",
    help: "Metadata fetches of succeeded composes by result (stored, failed: retried later, exhausted: left to GET /composes/{id}/metadata, which asks composer).",
    labelNames: ["result"],
    registers: [registry],
  });
  const unreadableAcceptances = new Counter({
    name: "image_builder_worker_submissions_unreadable_total",
    help: "Submissions composer accepted (2xx) with an answer that has no readable compose id, by composer's HTTP status; each failed its compose.",
    labelNames: ["code"],
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: "image_builder_worker_composer_breaker_state",
    help: "State of this worker's circuit breaker in front of composer: 0 closed, 1 half-open (a probe in flight), 2 open (submissions and polls stopped).",
    registers: [registry],
  });
  const breakerTransitions = new Counter({
    name: "image_builder_worker_composer_breaker_transitions_total",
    help: "Changes of the composer circuit breaker's state, by the state entered (open, half_open, closed).",
    labelNames: ["to"],
    registers: [registry],
  });
  const breakerParked = new Counter({
    name: "image_builder_worker_composer_breaker_parked_total",
    help: "Compose job runs parked without calling composer because the circuit breaker was open.",
    registers: [registry],
  });
  const databaseParked = new Counter({
    name: "image_builder_worker_database_unavailable_parked_total",
    help: "Job runs that met a PostgreSQL outage and were parked to run again later (no attempt spent), by job name.",
    labelNames: ["name"],
    registers: [registry],
  });
  const reconcileActions = new Counter({
    name: "image_builder_worker_reconcile_actions_total",
    help: "What the reconciler did, by action (requeued_submit, requeued_poll, replaced_finished_job, failed_stuck, deleted_cancelled).",
    labelNames: ["action"],
    registers: [registry],
  });
  const cancellations = new Counter({
    name: "image_builder_worker_cancellations_total",
    help: "Cancelled composes the worker finished, by result (deleted: composer deleted the build, gone: composer no longer knew it, refused: composer refused the delete for good, not_submitted: it never reached composer).",
    labelNames: ["result"],
    registers: [registry],
  });
  const retentionDeleted = new Counter({
    name: "image_builder_worker_retention_deleted_total",
    help: "Composes hard-deleted by the retention sweep.",
    registers: [registry],
  });
  const statusEventsDropped = new Counter({
    name: "image_builder_worker_status_events_dropped_total",
    help: "Publishes of compose status events that failed (Redis unavailable); the rows hold the states, clients catch up on resume.",
    registers: [registry],
  });
  let watched: Queue[] = [];
  /** Counts the given queues on every scrape (job counts only, never job lists). */
  function watchQueues(queues: Queue[]): void {
    watched = queues;
  }
  const queueJobs = new Gauge({
    name: "image_builder_worker_queue_jobs",
    help: "Jobs per queue and state, read from Redis when scraped.",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      await Promise.all(
        watched.map(async (queue) => {
          const counts = await withTimeout(queue.getJobCounts(...countedStates), countTimeoutMs).catch(() => undefined);
          if (!counts) return;
          for (const state of countedStates) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  const oldestWaiting = new Gauge({
    name: "image_builder_worker_queue_oldest_waiting_seconds",
    help: "Age of the oldest job waiting to start (BullMQ's wait list: new submissions), since it was added; 0 when none waits.",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      await Promise.all(
        watched.map(async (queue) => {
          // The oldest first (asc); Redis slow or down: the gauge keeps its last value.
          const jobs = await withTimeout(queue.getJobs(["wait"], 0, 0, true), countTimeoutMs).catch(() => undefined);
          if (!jobs) return;
          const oldest = jobs[0];
          this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1_000) : 0);
        }),
      );
    },
  });

  return {
    registry,
    jobDuration,
    jobOutcomes,
    composerDuration,
    composeOutcomes,
    submissions,
    submissionRetries,
    metadataFetches,
    unreadableAcceptances,
    breakerState,
    breakerTransitions,
    breakerParked,
    databaseParked,
    reconcileActions,
    cancellations,
    retentionDeleted,
    statusEventsDropped,
    queueJobs,
    oldestWaiting,
    watchQueues,
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
