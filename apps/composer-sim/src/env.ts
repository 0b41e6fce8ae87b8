import { readFileSync } from "node:fs";
import { z } from "zod";
import { applyConfigPatch, defaultSimConfig, type SimConfig } from "./config";

const rate = z.coerce.number().min(0).max(1).optional();
const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true" || v === "1"));

/** The simulator's environment; every knob can also be changed at run time (`PUT /admin/config`). */
export const simEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8700),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** When both are set the token endpoint only accepts these credentials. */
  CLIENT_ID: z.string().optional(),
  CLIENT_SECRET: z.string().optional(),
  /** Serve HTTPS with this PEM certificate and key (clients then need COMPOSER_CA_PATH). */
  TLS_CERT_PATH: z.string().optional(),
  TLS_KEY_PATH: z.string().optional(),
  TIME_SCALE: z.coerce.number().min(0).optional(),
  PENDING_SECONDS: z.coerce.number().min(0).optional(),
  FAILURE_RATE: rate,
  SERVER_ERROR_RATE: rate,
  RESPONSE_LOSS_RATE: rate,
  UNREADABLE_ACCEPT_RATE: rate,
  METADATA_ERROR_RATE: rate,
  METADATA_FAILURES: z.coerce.number().int().min(0).optional(),
  LATENCY_MS: z.coerce.number().int().min(0).optional(),
  FORCE_UNAUTHORIZED: z.coerce.number().int().min(0).optional(),
  LOST_RATE: rate,
  STUCK_RATE: rate,
  TOKEN_EXPIRES_IN: z.coerce.number().int().min(1).optional(),
  REQUIRE_AUTH: flag,
  REPORT_UPLOAD_PHASES: flag,
  MAX_COMPOSES: z.coerce.number().int().min(1).optional(),
});

export interface SimEnv {
  port: number;
  host: string;
  logLevel: string;
  credentials?: { clientId: string; clientSecret: string };
  tls?: { cert: Buffer; key: Buffer };
  config: SimConfig;
}

/** Parses the environment; a bad value names the variable and stops the process. */
export function loadSimEnv(source: NodeJS.ProcessEnv = process.env): SimEnv {
  const parsed = simEnvSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      console.error(JSON.stringify({ level: "fatal", msg: "invalid environment", variable: issue.path.join("."), problem: issue.message }));
    }
    process.exit(1);
  }
  const env = parsed.data;
  const config = applyConfigPatch(defaultSimConfig, {
    timeScale: env.TIME_SCALE,
    failureRate: env.FAILURE_RATE,
    serverErrorRate: env.SERVER_ERROR_RATE,
    responseLossRate: env.RESPONSE_LOSS_RATE,
    unreadableAcceptRate: env.UNREADABLE_ACCEPT_RATE,
    metadataErrorRate: env.METADATA_ERROR_RATE,
    metadataFailures: env.METADATA_FAILURES,
    latencyMs: env.LATENCY_MS,
    forceUnauthorized: env.FORCE_UNAUTHORIZED,
    lostRate: env.LOST_RATE,
    stuckRate: env.STUCK_RATE,
    tokenExpiresIn: env.TOKEN_EXPIRES_IN,
    requireAuth: env.REQUIRE_AUTH,
    reportUploadPhases: env.REPORT_UPLOAD_PHASES,
    maxComposes: env.MAX_COMPOSES,
    durations: { pendingSeconds: env.PENDING_SECONDS },
  });
  const credentials =
    env.CLIENT_ID && env.CLIENT_SECRET ? { clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET } : undefined;
  const tls = env.TLS_CERT_PATH && env.TLS_KEY_PATH ? { cert: readFileSync(env.TLS_CERT_PATH), key: readFileSync(env.TLS_KEY_PATH) } : undefined;
  return { port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL, credentials, tls, config };
}
