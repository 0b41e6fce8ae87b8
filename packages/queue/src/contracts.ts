import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/** The queue that carries one job per compose, and the maintenance queue for sweeps. */
export const COMPOSE_QUEUE = "composes";
export const MAINTENANCE_QUEUE = "maintenance";

/** Braces keep every key of a queue in one Redis Cluster slot. */
export const DEFAULT_QUEUE_PREFIX = "{image-builder}";

export const jobNames = {
  composeBuild: "compose.build",
  composeCancel: "compose.cancel",
  composesReconcile: "composes.reconcile",
  composesRetention: "composes.retention",
} as const;
export type JobName = (typeof jobNames)[keyof typeof jobNames];

/** Job scheduler ids on the maintenance queue (one delayed job each, whatever the fleet size). */
export const schedulerIds = {
  reconcile: "composes-reconcile",
  retention: "composes-retention",
} as const;

/**
 * One step job per compose (`jobId` = compose id): `submit` posts it to composer, `record`
 * stores what composer accepted when PostgreSQL could not at once, `poll`
 * follows it until it ends, `metadata` fetches the package list of a success recorded without
 * it. The job carries ids and counters only; the row is the truth.
 */
export const composeBuildPayload = z.object({
  composeId: z.uuid(),
  requestId: z.string().optional(),
  step: z.enum(["submit", "record", "poll", "metadata"]).default("submit"),
  composerId: z.uuid().optional(),
  /**
   * A `record` step's claim on the row: composer accepted `composerId` under it while PostgreSQL
   * could not store it, so the step stores it instead of posting again.
   */
  claimToken: z.string().optional(),
  /** How many polls so far: drives the adaptive interval. */
  polls: z.number().int().nonnegative().default(0),
  /** Consecutive polls that failed (composer unreachable, 5xx): drives the back-off. */
  pollErrors: z.number().int().nonnegative().default(0),
  /** Consecutive polls composer refused (404 or another 4xx): the compose is lost after a few. */
  pollRefusals: z.number().int().nonnegative().default(0),
  /** Metadata fetches so far after the success, the one at the success included: bounded by METADATA_ATTEMPTS. */
  metadataAttempts: z.number().int().nonnegative().default(0),
  /** W3C trace context of the request that enqueued the job (only while tracing is on). */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type ComposeBuildPayload = z.input<typeof composeBuildPayload>;

/**
 * BullMQ priority of a compose job once it follows a build (the poll step). Jobs enter at the
 * submit step without one, and BullMQ runs jobs without a priority before prioritized ones:
 * when a worker has a backlog (a burst of polls falling due together), submissions, which a
 * client is waiting for, go before polls, which lose nothing by running a moment late.
 */
export const pollStepPriority = 1;
export type ComposeBuildJobData = z.output<typeof composeBuildPayload>;

/**
 * Finishes the cancel of one compose (`jobId` = `cancelJobId(composeId)`), on the compose queue:
 * takes its parked build job out of the queue and deletes its build at composer. The row says
 * what is left to do.
 */
export const composeCancelPayload = z.object({
  composeId: z.uuid(),
  requestId: z.string().optional(),
  /** W3C trace context of the request that cancelled the compose (only while tracing is on). */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type ComposeCancelPayload = z.input<typeof composeCancelPayload>;

/** The cancel job of a compose: one per compose, whoever asks for it. */
export const cancelJobId = (composeId: string) => `cancel-${composeId}`;

/** The sweeps take no input: what to do comes from the database and the worker's settings. */
export const composesReconcilePayload = z.object({}).loose();
export const composesRetentionPayload = z.object({}).loose();

export const composeJobOptions: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: "exponential", delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600, count: 50_000 },
};

/** Sweeps are retried by their next run, not by attempts; keep a short history for operators. */
export const maintenanceJobOptions: DefaultJobOptions = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};
