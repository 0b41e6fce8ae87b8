import { z } from "zod";

/** Build phases in real seconds; the simulator multiplies them by `timeScale`. */
export const durationsSchema = z.object({
  /** Queued before a worker picks the job up (depsolve included). */
  pendingSeconds: z.number().min(0),
  /** Building time per image type; types not listed use `defaultBuildSeconds`. */
  buildSeconds: z.record(z.string(), z.number().min(0)),
  defaultBuildSeconds: z.number().min(0),
  /** +- this fraction of randomness on every phase (0 = exact). */
  jitter: z.number().min(0).max(0.9),
  /** Progress advances in steps of this many real seconds (composer reports about every 30 s). */
  progressIntervalSeconds: z.number().min(0),
});

const rate = z.number().min(0).max(1);

/** Everything that can be changed at run time through `PUT /admin/config`. */
export const simConfigSchema = z.object({
  /** 1 = real durations; 0.001 = a 10 minute build takes 0.6 s. */
  timeScale: z.number().min(0),
  durations: durationsSchema,
  /** Share of composes that end in `failure` with a nested error chain. */
  failureRate: rate,
  /** Share of API calls (token endpoint excluded) answered 500/503 before doing anything. */
  serverErrorRate: rate,
  /**
   * Share of API calls whose work is done (a POST creates its compose) but whose answer is lost:
   * the caller gets a gateway's 504 instead. Retrying such a POST makes a duplicate.
   */
  responseLossRate: rate,
  /**
   * Share of `POST /compose` calls whose compose is created but whose `201` carries a body that
   * is not JSON: the caller knows composer accepted the work, but not under which id.
   */
  unreadableAcceptRate: rate,
  /** Share of `GET /composes/{id}/metadata` calls answered 500/503 (the other routes unaffected). */
  metadataErrorRate: rate,
  /** The next N `GET /composes/{id}/metadata` calls answer 500 (then counts down). */
  metadataFailures: z.number().int().min(0),
  /** Added to every API call (token endpoint included), in real milliseconds. */
  latencyMs: z.number().int().min(0),
  /** The next N authenticated calls answer 401 whatever their token (then counts down). */
  forceUnauthorized: z.number().int().min(0),
  /** Share of composes that answer 404 right after submission (a lost job). */
  lostRate: rate,
  /** Share of composes that stay `pending` forever. */
  stuckRate: rate,
  /** Lifetime of issued tokens, seconds. */
  tokenExpiresIn: z.number().int().min(1),
  /** When false, any non-empty bearer token is accepted. */
  requireAuth: z.boolean(),
  /** Report `uploading` (and `registering` for aws) at the end of a build; composer itself never does. */
  reportUploadPhases: z.boolean(),
  /** Oldest composes are forgotten beyond this many (they answer 404 afterwards). */
  maxComposes: z.number().int().min(1),
});

export type SimConfig = z.infer<typeof simConfigSchema>;
export type Durations = z.infer<typeof durationsSchema>;

/** Config patch accepted at run time: every field optional, `durations` merged one level deep. */
export const simConfigPatchSchema = simConfigSchema
  .omit({ durations: true })
  .partial()
  .extend({ durations: durationsSchema.partial().optional() })
  .strict();
export type SimConfigPatch = z.infer<typeof simConfigPatchSchema>;

/**
 * Suggested real build times (composer publishes none): cloud images include upload and
 * registration, installers and ISOs are the slowest.
 */
export const defaultBuildSeconds: Record<string, number> = {
  aws: 540,
  "aws-cvm": 540,
  "aws-ha-rhui": 540,
  "aws-rhui": 540,
  "aws-sap-rhui": 540,
  azure: 600,
  "azure-cvm": 600,
  "azure-eap7-rhui": 600,
  "azure-rhui": 600,
  "azure-sapapps-rhui": 600,
  "azure-sap-rhui": 600,
  gcp: 540,
  "gcp-rhui": 540,
  oci: 360,
  "guest-image": 360,
  vsphere: 360,
  "vsphere-ova": 400,
  wsl: 300,
  "minimal-raw": 300,
  "pxe-tar-xz": 420,
  "edge-commit": 450,
  "iot-commit": 450,
  "edge-container": 480,
  "iot-container": 480,
  "edge-installer": 1200,
  "iot-installer": 1200,
  "iot-simplified-installer": 1200,
  "iot-raw-image": 600,
  "iot-bootable-container": 900,
  "image-installer": 900,
  "live-installer": 900,
  "network-installer": 840,
  "everything-network-installer": 840,
  "server-network-installer": 840,
  "bootable-container-iso": 900,
};

export const defaultSimConfig: SimConfig = {
  timeScale: 1,
  durations: {
    pendingSeconds: 10,
    buildSeconds: defaultBuildSeconds,
    defaultBuildSeconds: 480,
    jitter: 0.2,
    progressIntervalSeconds: 30,
  },
  failureRate: 0,
  serverErrorRate: 0,
  responseLossRate: 0,
  unreadableAcceptRate: 0,
  metadataErrorRate: 0,
  metadataFailures: 0,
  latencyMs: 0,
  forceUnauthorized: 0,
  lostRate: 0,
  stuckRate: 0,
  tokenExpiresIn: 300,
  requireAuth: true,
  reportUploadPhases: false,
  maxComposes: 500_000,
};

/** Applies a validated patch; `durations.buildSeconds` entries are merged, not replaced. */
export function applyConfigPatch(config: SimConfig, patch: SimConfigPatch): SimConfig {
  const { durations, ...rest } = patch;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return {
    ...config,
    ...defined,
    durations: {
      ...config.durations,
      ...Object.fromEntries(Object.entries(durations ?? {}).filter(([, v]) => v !== undefined)),
      buildSeconds: { ...config.durations.buildSeconds, ...(durations?.buildSeconds ?? {}) },
    },
  };
}
