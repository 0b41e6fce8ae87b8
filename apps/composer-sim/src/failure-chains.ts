import { type Random, pick } from "./random";
import type { UploadType } from "./schemas/upload-options";
import { importsImage } from "./targets";

/**
 * How a failed compose failed. `depsolve`/`repository` fail before building starts; `build` and
 * `heartbeat` fail midway; `upload` and `import` fail at the end of the build.
 */
export const failureKinds = ["depsolve", "repository", "container", "build", "heartbeat", "upload", "import"] as const;
export type FailureKind = (typeof failureKinds)[number];

export interface ComposeError {
  id: number;
  reason: string;
  details?: unknown;
}

/** When, as a fraction of the building phase, each kind of failure surfaces (0 = before building). */
export function failurePoint(kind: FailureKind, random: Random): number {
  switch (kind) {
    case "depsolve":
    case "repository":
    case "container":
      return 0;
    case "build":
    case "heartbeat":
      return 0.2 + random() * 0.6;
    case "upload":
    case "import":
      return 1;
  }
}

/** Picks a realistic failure for a compose: depsolve problems dominate, as they do in production. */
export function chooseFailureKind(random: Random, uploadType: UploadType, hasContainers: boolean): FailureKind {
  const weighted: FailureKind[] = ["depsolve", "depsolve", "depsolve", "repository", "build", "build", "heartbeat", "upload"];
  if (importsImage(uploadType)) weighted.push("import");
  if (hasContainers) weighted.push("container");
  return pick(random, weighted);
}

/** Builds composer's nested worker error for a failure, innermost error last (ids per composer's clienterrors). */
export function failureChain(kind: FailureKind, ctx: { packages: string[]; uploadType: UploadType; random: Random }): ComposeError {
  const manifestDependency = (inner: ComposeError): ComposeError => ({
    id: 9,
    reason: "Manifest dependency failed",
    details: [inner],
  });
  switch (kind) {
    case "depsolve": {
      const missing = ctx.packages.length > 0 ? ctx.packages : [pick(ctx.random, ["nonexistent-tool", "vim-enhanced-x", "libfoo-devel"])];
      return manifestDependency({
        id: 5,
        reason: "Error in depsolve job dependency",
        details: [
          {
            id: 21,
            reason: "DNF error occurred: MarkingErrors",
            details: `Error occurred when marking packages for installation: Problems in request:\nmissing packages: ${missing.join(" ")}`,
          },
        ],
      });
    }
    case "repository":
      return manifestDependency({
        id: 5,
        reason: "Error in depsolve job dependency",
        details: [
          {
            id: 25,
            reason: "DNF error occurred: RepoError",
            details: "There was a problem reading a repository: Failed to download metadata for repo 'baseos': Cannot download repomd.xml: Curl error (28): Timeout was reached",
          },
        ],
      });
    case "container":
      return manifestDependency({
        id: 26,
        reason: "job dependency failed",
        details: [{ id: 30, reason: "Error resolving container", details: "reading manifest latest: manifest unknown" }],
      });
    case "build":
      return {
        id: 10,
        reason: "osbuild build failed",
        details: "osbuild did not finish successfully: stage org.osbuild.rpm failed (exit status 1)",
      };
    case "heartbeat":
      return { id: 27, reason: "Worker running this job stopped responding" };
    case "upload":
      return {
        id: 28,
        reason: "at least one target failed",
        details: [{ id: 11, reason: "uploading image failed", details: uploadFailureDetail(ctx.uploadType) }],
      };
    case "import":
      return {
        id: 28,
        reason: "at least one target failed",
        details: [{ id: 12, reason: "importing image failed", details: importFailureDetail(ctx.uploadType) }],
      };
  }
}

function uploadFailureDetail(uploadType: UploadType): string {
  switch (uploadType) {
    case "gcp":
      return "uploading the image to the bucket failed: googleapi: Error 503: Backend Error";
    case "azure":
      return "uploading the image to the storage account failed: context deadline exceeded";
    case "oci.objectstorage":
      return "uploading the image to object storage failed: connection reset by peer";
    default:
      return "RequestError: send request failed caused by: Put \"https://s3.amazonaws.com/...\": EOF";
  }
}

function importFailureDetail(uploadType: UploadType): string {
  switch (uploadType) {
    case "gcp":
      return "importing the image failed: image import timed out";
    case "azure":
      return "registering the image failed: the resource group was not found";
    default:
      return "error registering AMI: InvalidParameter: snapshot import task failed: ClientError: Unsupported kernel version";
  }
}
