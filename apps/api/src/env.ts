import { telemetryEnvShape } from "@ib/telemetry";
import { z } from "zod";

const optionalPath = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

/** Everything the API reads from its environment, checked once at boot. */
export const apiEnvSchema = z.object({
  LISTEN_ADDRESS: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** Database deadlines (ms): connecting, waiting for a pooled connection, statement_timeout, a whole call. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(1).default(900),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(700),
  DB_CALL_TIMEOUT_MS: z.coerce.number().int().min(1).default(900),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z.string().min(1).optional(),
  /** REDIS_URL names one node of a Redis Cluster. */
  REDIS_CLUSTER: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  DISTRIBUTIONS_DIR: optionalPath,
  QUOTA_FILE: optionalPath,
  ALLOW_FILE: optionalPath,
  /** Per-org request budgets (writes, reads); unset: no rate limits. */
  RATE_LIMIT_FILE: optionalPath,
  /** Longest a request waits for the rate limiter's Redis before it goes through unlimited. */
  RATE_LIMIT_TIMEOUT_MS: z.coerce.number().int().min(1).max(5_000).default(250),
  COMPOSER_URL: z.string().url().optional(),
  COMPOSER_TOKEN_URL: z.string().url().optional(),
  COMPOSER_CLIENT_ID: z.string().optional(),
  COMPOSER_CLIENT_SECRET: z.string().optional(),
  COMPOSER_CA_PATH: optionalPath,
  /** Deadline of one call to a console service while a client waits. */
  CONSOLE_SERVICES_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** content-sources (`.../api/content-sources/v1`); unset: snapshots, templates and repositories by id are refused. */
  CONTENT_SOURCES_URL: z.string().url().optional(),
  /** Public base of snapshot content; snapshot URLs are built on it. Default: CONTENT_SOURCES_URL's origin. */
  CONTENT_SOURCES_REPO_URL: z.string().url().optional(),
  /** Path prefix of dated snapshots under CONTENT_SOURCES_REPO_URL. */
  CONTENT_SOURCES_REPO_PREFIX: z.string().default("/api/pulp-content"),
  /** provisioning (`.../api/provisioning/v1`); unset: `share_with_sources` is refused. */
  PROVISIONING_URL: z.string().url().optional(),
  /** recommendations (its base; calls go to `<base>/packages/recommendations`); unset: `POST /experimental/recommendations` is refused. */
  RECOMMENDATIONS_URL: z.string().url().optional(),
  /** OAuth2 client credentials for recommendations; without the token URL no token is sent. */
  RECOMMENDATIONS_TOKEN_URL: z.string().url().optional(),
  RECOMMENDATIONS_CLIENT_ID: z.string().optional(),
  RECOMMENDATIONS_CLIENT_SECRET: z.string().optional(),
  /** An HTTP proxy the recommendations calls (token included) go through. */
  RECOMMENDATIONS_PROXY: z.string().url().optional(),
  /** CA bundle for the recommendations service's TLS certificate. */
  RECOMMENDATIONS_CA_PATH: optionalPath,
  /** compliance (`.../api/compliance/v2`); unset: `customizations.openscap.policy_id` and policy_customizations are refused. */
  COMPLIANCE_URL: z.string().url().optional(),
  /** Largest accepted request body. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).default(4 * 1024 * 1024),
  /** Deepest nesting of objects and arrays in a request body (a blueprint needs about 7). */
  BODY_MAX_DEPTH: z.coerce.number().int().min(8).max(1_000).default(32),
  /** Longest array anywhere in a request body (package lists are the longest). */
  BODY_MAX_ARRAY_ITEMS: z.coerce.number().int().min(100).default(10_000),
  /** Largest request line plus header section (Node's maxHeaderSize): 431 above. */
  HEADER_LIMIT_BYTES: z.coerce.number().int().min(4_096).max(1_048_576).default(16_384),
  /** Both set: the queue dashboard is served at /admin/queues behind basic auth. */
  QUEUE_DASHBOARD_USER: z.string().min(1).optional(),
  QUEUE_DASHBOARD_PASSWORD: z.string().min(1).optional(),
  QUEUE_DASHBOARD_WRITABLE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Compose status event streams: a heartbeat comment this often keeps proxies from closing an idle stream. */
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Event streams one org may hold open at once across all replicas; 429 beyond. */
  SSE_MAX_STREAMS_PER_ORG: z.coerce.number().int().min(1).max(100_000).default(20),
  /** On SIGTERM: time open connections get to finish their requests before the rest are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(7_000),
  /** While draining: keep-alive connections with no request in progress are closed this often. */
  SHUTDOWN_IDLE_CLOSE_MS: z.coerce.number().int().min(1).default(500),
  /** Hard stop of the whole shutdown (exit 1); longer than SHUTDOWN_GRACE_MS. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** OTEL_EXPORTER_OTLP_ENDPOINT (unset: no tracing) and OTEL_SERVICE_NAME. */
  ...telemetryEnvShape("image-builder-api"),
  BUILD_COMMIT: z.string().default(""),
  BUILD_TIME: z.string().default(""),
});

export type ApiEnv = z.infer<typeof apiEnvSchema> & { host: string; port: number };

/** Parses the environment; a bad value names the variable and stops the process. */
export function loadApiEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = apiEnvSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      console.error(JSON.stringify({ level: "fatal", msg: "invalid environment", variable: issue.path.join("."), problem: issue.message }));
    }
    process.exit(1);
  }
  const env = parsed.data;
  // Upstream's LISTEN_ADDRESS is host:port; PORT wins when both are set.
  const [listenHost, listenPort] = splitListenAddress(env.LISTEN_ADDRESS ?? "localhost:8086");
  return { ...env, host: listenHost, port: env.PORT ?? listenPort };
}

function splitListenAddress(address: string): [string, number] {
  const idx = address.lastIndexOf(":");
  if (idx < 0) return [address, 8086];
  const port = Number(address.slice(idx + 1));
  return [address.slice(0, idx) || "0.0.0.0", Number.isInteger(port) ? port : 8086];
}
