import type { ComposePlan } from "./compose-plan";
import { basePath } from "./errors";

export interface ImageStatus {
  status: "pending" | "building" | "uploading" | "registering" | "success" | "failure";
  progress?: { done: number; total: number; subprogress?: { done: number; total: number } };
  upload_status?: { status: "success" | "failure" | "pending" | "running"; type: string; options: Record<string, unknown> };
  upload_statuses?: { status: "success" | "failure" | "pending" | "running"; type: string; options: Record<string, unknown> }[];
  error?: { id: number; reason: string; details?: unknown };
}

export interface ComposeStatusBody {
  href: string;
  id: string;
  kind: "ComposeStatus";
  status: "pending" | "success" | "failure";
  image_status: ImageStatus;
}

/** Where a compose is at `elapsedMs` after submission. */
export type Phase = "pending" | "building" | "success" | "failure";

export function phaseAt(plan: ComposePlan, elapsedMs: number): Phase {
  if (plan.outcome === "stuck") return "pending";
  const buildStart = plan.pendingMs;
  if (plan.failure && elapsedMs >= buildStart + plan.buildMs * plan.failure.atFraction) return "failure";
  if (elapsedMs < buildStart) return "pending";
  if (elapsedMs < buildStart + plan.buildMs) return "building";
  return plan.failure ? "failure" : "success";
}

/**
 * Progress through the osbuild pipelines for a fraction of the build, advanced in steps of
 * `progressStepMs` like composer's periodic worker updates.
 */
export function progressAt(plan: ComposePlan, buildElapsedMs: number) {
  const stages = plan.pipelineStages;
  const step = plan.progressStepMs;
  const reported = step > 0 ? Math.floor(buildElapsedMs / step) * step : buildElapsedMs;
  const fraction = plan.buildMs > 0 ? Math.min(1, Math.max(0, reported / plan.buildMs)) : 1;
  const totalStages = stages.reduce((a, b) => a + b, 0);
  let remaining = Math.floor(fraction * totalStages);
  for (let i = 0; i < stages.length; i++) {
    const inPipeline = stages[i]!;
    if (remaining < inPipeline || i === stages.length - 1) {
      return { done: i, total: stages.length, subprogress: { done: Math.min(remaining, inPipeline), total: inPipeline } };
    }
    remaining -= inPipeline;
  }
  return { done: 0, total: stages.length, subprogress: { done: 0, total: stages[0] ?? 0 } };
}

/** Composer's `ComposeStatus` for a compose, computed from its plan and the time elapsed. */
export function composeStatus(id: string, plan: ComposePlan, elapsedMs: number, reportUploadPhases: boolean): ComposeStatusBody {
  const href = `${basePath}/composes/${id}`;
  const phase = phaseAt(plan, elapsedMs);
  const buildElapsed = elapsedMs - plan.pendingMs;
  const stages = plan.pipelineStages;
  switch (phase) {
    case "pending":
      return { href, id, kind: "ComposeStatus", status: "pending", image_status: { status: "pending" } };
    case "building": {
      const image: ImageStatus = { status: "building", progress: progressAt(plan, buildElapsed) };
      if (reportUploadPhases && buildElapsed >= plan.buildMs * 0.9) {
        image.status = plan.targets[0]?.type === "aws" && buildElapsed >= plan.buildMs * 0.97 ? "registering" : "uploading";
      }
      return { href, id, kind: "ComposeStatus", status: "pending", image_status: image };
    }
    case "success": {
      const statuses = plan.targets.map((target, i) => ({ status: "success" as const, type: target.type, options: plan.results[i]! }));
      const last = stages[stages.length - 1] ?? 0;
      return {
        href,
        id,
        kind: "ComposeStatus",
        status: "success",
        image_status: {
          status: "success",
          progress: { done: stages.length, total: stages.length, subprogress: { done: last, total: last } },
          upload_status: statuses[0],
          upload_statuses: statuses,
        },
      };
    }
    case "failure": {
      const image: ImageStatus = { status: "failure", error: plan.failure!.error };
      if (plan.failure!.atFraction > 0) image.progress = progressAt(plan, plan.buildMs * plan.failure!.atFraction);
      return { href, id, kind: "ComposeStatus", status: "failure", image_status: image };
    }
  }
}
