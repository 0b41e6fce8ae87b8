import { telemetryEnvShape } from "@ib/telemetry";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));
const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Everything the worker reads from its environment, checked once at boot. */
export const workerEnvSchema = z
  .object({
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Or the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. */
    DATABASE_URL: optionalText,
    PGHOST: optionalText,
    PGPORT: z.coerce.number().int().min(1).max(65_535).optional(),
    PGUSER: optionalText,
    PGDATABASE: optionalText,
    DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
    /** Database deadlines (ms): connecting, waiting for a pooled connection, statement_timeout (0 = none), a whole call. */
    DB_CONNECT_TIMEOUT_MS: ms(5_000, 1),
    DB_ACQUIRE_TIMEOUT_MS: ms(10_000, 1),
    DB_STATEMENT_TIMEOUT_MS: ms(30_000),
    DB_CALL_TIMEOUT_MS: ms(35_000, 1),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z.string().min(1).optional(),
    /** REDIS_URL names one node of a Redis Cluster. */
    REDIS_CLUSTER: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
    /** Compose jobs one process runs at once (they mostly wait on composer). */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5_000).default(100),

    COMPOSER_URL: z.url({ error: "must be set to the composer (or composer-sim) base URL, e.g. http://127.0.0.1:8700" }),
    COMPOSER_TOKEN_URL: z.string().url().optional(),
    COMPOSER_CLIENT_ID: optionalText,
    COMPOSER_CLIENT_SECRET: optionalText,
    COMPOSER_CA_PATH: optionalText,
    /** Deadline of one composer call (token fetch and auth resend included). */
    COMPOSER_TIMEOUT_MS: ms(30_000, 100),
    COMPOSER_CONNECTIONS: z.coerce.number().int().min(1).max(1_024).default(128),

    OSBUILD_AWS_REGION: z.string().min(1).default("us-east-1"),
    OSBUILD_GCP_REGION: z.string().min(1).default("us-east4"),
    OSBUILD_GCP_BUCKET: optionalText,
    INSIGHTS_CLIENT_PROXY: optionalText,
    DISTRIBUTIONS_DIR: optionalText,

    /** A submission holds its claim this long: must outlast COMPOSER_TIMEOUT_MS. */
    SUBMIT_LEASE_MS: ms(60_000, 100),
    /** Posts to composer before a compose fails (error 1102); waiting out a composer outage costs none. */
    SUBMIT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** Wait after the first failed post, doubled after each further one, up to SUBMIT_BACKOFF_MAX_MS. */
    SUBMIT_BACKOFF_MS: ms(5_000, 1),
    SUBMIT_BACKOFF_MAX_MS: ms(300_000, 1),
    /** First status poll after submission; 0 polls at once in the same run. */
    POLL_INITIAL_MS: ms(1_000),
    /** Longest wait between two polls of a long build. */
    POLL_MAX_MS: ms(30_000, 1),
    /** Each poll waits this much longer than the previous one, up to POLL_MAX_MS. */
    POLL_GROWTH: z.coerce.number().min(1).max(10).default(1.5),
    /** +- this share of randomness on every wait, so builds do not poll in lockstep. */
    POLL_JITTER: z.coerce.number().min(0).max(0.9).default(0.2),
    /** Consecutive 404s (or other refusals) before a submitted compose is declared lost. */
    LOST_AFTER_POLLS: z.coerce.number().int().min(1).default(3),
    /**
     * Metadata fetches of a succeeded build, the one at the success included. The success is
     * recorded at once; a failed fetch is retried after METADATA_BACKOFF_MS, doubled after each
     * further failure up to METADATA_BACKOFF_MAX_MS (about 15 minutes in all by default). After
     * the last one GET /composes/{id}/metadata asks composer on demand.
     */
    METADATA_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    METADATA_BACKOFF_MS: ms(10_000, 1),
    METADATA_BACKOFF_MAX_MS: ms(300_000, 1),
    /** Composer calls failing in a row (no answer, timeout, 5xx) that open the circuit breaker; 0 turns it off. */
    COMPOSER_BREAKER_FAILURES: z.coerce.number().int().min(0).max(10_000).default(10),
    /** While the breaker is open, one probe asks composer this often; the first success closes it. */
    COMPOSER_BREAKER_PROBE_MS: ms(5_000, 100),
    /** A job run that met a PostgreSQL outage is parked this long (+- 20 %) and runs again; no attempt is spent. */
    DB_UNAVAILABLE_RETRY_MS: ms(2_000, 10),

    RECONCILE_INTERVAL_MS: ms(60_000, 100),
    /** An in-flight compose nobody wrote for this long gets its job checked (and restored). */
    RECONCILE_STALE_MS: ms(120_000, 1),
    RECONCILE_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Pages per sweep: bounds one run to RECONCILE_BATCH * RECONCILE_MAX_BATCHES composes. */
    RECONCILE_MAX_BATCHES: z.coerce.number().int().min(1).default(20),
    /** In flight longer than this since creation: failed as timed out. */
    COMPOSE_CEILING_MS: ms(24 * 3_600_000, 1),
    /** How often the worker checks that its job schedulers still exist (they vanish with Redis). */
    SCHEDULER_CHECK_MS: ms(30_000, 100),

    /** Upstream's DB_COMPOSES_RETENTION_MONTHS; RETENTION_MONTHS wins when both are set. */
    RETENTION_MONTHS: z.coerce.number().int().min(1).optional(),
    DB_COMPOSES_RETENTION_MONTHS: z.coerce.number().int().min(1).optional(),
    RETENTION_INTERVAL_MS: ms(24 * 3_600_000, 1_000),
    RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(1_000),

    /** BullMQ lock of an active job and the stalled-job check; a dead worker's jobs resume after about both. */
    JOB_LOCK_MS: ms(30_000, 1_000),
    STALLED_INTERVAL_MS: ms(30_000, 500),
    MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(2),

    SHUTDOWN_TIMEOUT_MS: ms(25_000),
    METRICS_HOST: z.string().default("0.0.0.0"),
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(8087),
    /** OTEL_EXPORTER_OTLP_ENDPOINT (unset: no tracing) and OTEL_SERVICE_NAME. */
    ...telemetryEnvShape("image-builder-worker"),
  })
  .superRefine((env, ctx) => {
    if (env.SUBMIT_LEASE_MS <= env.COMPOSER_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["SUBMIT_LEASE_MS"],
        message: `must be longer than COMPOSER_TIMEOUT_MS (${env.COMPOSER_TIMEOUT_MS}): a submission still running when its lease ends could be posted twice`,
      });
    }
    if (env.COMPOSER_TOKEN_URL && (!env.COMPOSER_CLIENT_ID || !env.COMPOSER_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.COMPOSER_CLIENT_ID ? "COMPOSER_CLIENT_SECRET" : "COMPOSER_CLIENT_ID"],
        message: "is required with COMPOSER_TOKEN_URL",
      });
    }
    if (env.RECONCILE_STALE_MS <= env.POLL_MAX_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["RECONCILE_STALE_MS"],
        message: `must be longer than POLL_MAX_MS (${env.POLL_MAX_MS}): builds being polled would look abandoned`,
      });
    }
  });

export type WorkerEnv = z.infer<typeof workerEnvSchema> & { retentionMonths: number };

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(problems.map((p) => `${p.variable}: ${p.problem}`).join("; "));
    this.name = "InvalidEnvironmentError";
  }
}

/** Parses the environment; throws naming every bad variable. */
export function parseWorkerEnv(source: NodeJS.ProcessEnv): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(
      parsed.error.issues.map((issue) => ({ variable: issue.path.join(".") || "(environment)", problem: issue.message })),
    );
  }
  const env = parsed.data;
  return { ...env, retentionMonths: env.RETENTION_MONTHS ?? env.DB_COMPOSES_RETENTION_MONTHS ?? 24 };
}

/** `parseWorkerEnv` for the entry point: a bad value is logged as JSON and stops the process. */
export function loadWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  try {
    return parseWorkerEnv(source);
  } catch (err) {
    if (!(err instanceof InvalidEnvironmentError)) throw err;
    for (const p of err.problems) {
      console.error(JSON.stringify({ level: "fatal", msg: "invalid environment", variable: p.variable, problem: p.problem }));
    }
    process.exit(1);
  }
}
