import type { SimConfig } from "./config";
import { type ComposeError, type FailureKind, chooseFailureKind, failureChain, failureKinds, failurePoint } from "./failure-chains";
import { type Random, between } from "./random";
import type { ComposeRequest, ImageRequest } from "./schemas/compose-request";
import { defaultUploadType } from "./targets";
import { type UploadTargetPlan, uploadResult } from "./upload-results";

export type Outcome = "success" | "failure" | "lost" | "stuck";

/** Everything about a compose's future, decided once when it is submitted. */
export interface ComposePlan {
  outcome: Outcome;
  /** Scaled milliseconds spent pending, then building. */
  pendingMs: number;
  buildMs: number;
  /** Scaled progress reporting interval. */
  progressStepMs: number;
  /** Stage counts of each osbuild pipeline (`progress.total` = their number). */
  pipelineStages: number[];
  failure?: { kind: FailureKind; atFraction: number; error: ComposeError };
  targets: UploadTargetPlan[];
  /** Upload status options per target once the build succeeded. */
  results: Record<string, unknown>[];
}

/**
 * Markers a request can carry in `customizations.packages` to force its fate, so end-to-end tests
 * can steer single composes: `sim-fail-<kind>` (a failure kind, e.g. `sim-fail-upload`), `sim-lost`,
 * `sim-stuck`. Any other `sim-fail*` name fails depsolve, reporting that package as missing.
 */
interface ForcedFate {
  outcome: Outcome;
  kind?: FailureKind;
  missingPackages: string[];
}

function forcedFate(packages: string[]): ForcedFate | undefined {
  for (const name of packages) {
    if (name === "sim-lost") return { outcome: "lost", missingPackages: [] };
    if (name === "sim-stuck") return { outcome: "stuck", missingPackages: [] };
    if (name.startsWith("sim-fail")) {
      const kind = failureKinds.find((k) => name === `sim-fail-${k}`);
      return kind ? { outcome: "failure", kind, missingPackages: [] } : { outcome: "failure", kind: "depsolve", missingPackages: [name] };
    }
  }
  return undefined;
}

export function imageRequestOf(request: ComposeRequest): ImageRequest {
  return (request.image_request ?? request.image_requests?.[0])!;
}

function targetsOf(image: ImageRequest): UploadTargetPlan[] {
  const targets: UploadTargetPlan[] = [];
  if (image.upload_options) targets.push({ type: defaultUploadType(image.image_type), options: image.upload_options as Record<string, unknown> });
  for (const target of image.upload_targets ?? []) targets.push({ type: target.type, options: target.upload_options as Record<string, unknown> });
  if (targets.length === 0) targets.push({ type: defaultUploadType(image.image_type), options: {} });
  return targets;
}

function jittered(seconds: number, config: SimConfig, random: Random): number {
  const factor = 1 + (random() * 2 - 1) * config.durations.jitter;
  return Math.max(0, seconds * factor * 1000 * config.timeScale);
}

export function planCompose(request: ComposeRequest, config: SimConfig, random: Random): ComposePlan {
  const image = imageRequestOf(request);
  const targets = targetsOf(image);
  const packages = request.customizations?.packages ?? [];
  const forced = forcedFate(packages);

  let outcome: Outcome;
  let kind: FailureKind | undefined = forced?.kind;
  if (forced) outcome = forced.outcome;
  else if (random() < config.lostRate) outcome = "lost";
  else if (random() < config.stuckRate) outcome = "stuck";
  else if (random() < config.failureRate) outcome = "failure";
  else outcome = "success";

  const plan: ComposePlan = {
    outcome,
    pendingMs: jittered(config.durations.pendingSeconds, config, random),
    buildMs: jittered(config.durations.buildSeconds[image.image_type] ?? config.durations.defaultBuildSeconds, config, random),
    progressStepMs: config.durations.progressIntervalSeconds * 1000 * config.timeScale,
    pipelineStages: Array.from({ length: between(random, 3, 6) }, () => between(random, 8, 60)),
    targets,
    results: [],
  };
  if (outcome === "failure") {
    kind ??= chooseFailureKind(random, targets[0]!.type, (request.customizations?.containers?.length ?? 0) > 0);
    plan.failure = {
      kind,
      atFraction: failurePoint(kind, random),
      error: failureChain(kind, { packages: forced?.missingPackages ?? [], uploadType: targets[0]!.type, random }),
    };
  } else {
    plan.results = targets.map((target) => uploadResult(target, image.image_type, random));
  }
  return plan;
}
