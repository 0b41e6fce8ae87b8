import type { z } from "zod";
import { supportedArchitectures, parseDistribution } from "./distributions";
import type { ServiceErrorId } from "./errors";
import { type ComposeRequest, type ImageRequest, composeRequest } from "./schemas/compose-request";
import type { Repository } from "./schemas/repository";
import { uploadOptionsByType } from "./schemas/upload-options";
import { defaultUploadType } from "./targets";

export type ComposeValidation = { ok: true; request: ComposeRequest } | { ok: false; errorId: ServiceErrorId; details: string };

function reject(errorId: ServiceErrorId, details: string): ComposeValidation {
  return { ok: false, errorId, details };
}

/** One line per schema issue, in the spirit of kin-openapi's messages. */
export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => `request body has an error: doesn't match schema: ${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("\n");
}

function repositoryProblem(repositories: Repository[], where: string): ComposeValidation | undefined {
  for (const [i, repo] of repositories.entries()) {
    if (!repo.baseurl && !repo.mirrorlist && !repo.metalink) return reject(7, `${where}[${i}]: must specify baseurl, mirrorlist, or metalink`);
    if (repo.check_gpg && !repo.gpgkey) return reject(29, `${where}[${i}]: check_gpg is set but no gpgkey was given`);
  }
  return undefined;
}

function uploadProblem(image: ImageRequest): ComposeValidation | undefined {
  if (!image.upload_options) return undefined;
  const type = defaultUploadType(image.image_type);
  const parsed = uploadOptionsByType[type].safeParse(image.upload_options);
  if (parsed.success) return undefined;
  return reject(30, `upload_options do not match the ${type} target of image type ${image.image_type}: ${describeIssues(parsed.error.issues)}`);
}

/** Composer's checks on `POST /compose`, in its order: schema, then request semantics. */
export function validateComposeRequest(body: unknown): ComposeValidation {
  const parsed = composeRequest.safeParse(body);
  if (!parsed.success) return reject(30, describeIssues(parsed.error.issues));
  const request = parsed.data;
  if (request.customizations && request.blueprint) return reject(40, "");
  if (!request.distribution === !request.bootc) return reject(42, "exactly one of distribution or bootc must be set");
  const images = [...(request.image_request ? [request.image_request] : []), ...(request.image_requests ?? [])];
  if (images.length !== 1) return reject(25, `got ${images.length} image requests, exactly one is supported`);
  const image = images[0]!;
  if (request.distribution && !parseDistribution(request.distribution)) return reject(4, `unsupported distribution: ${request.distribution}`);
  if (!supportedArchitectures.includes(image.architecture)) return reject(5, `unsupported architecture: ${image.architecture}`);
  return (
    repositoryProblem(image.repositories, "image_request.repositories") ??
    repositoryProblem(request.customizations?.payload_repositories ?? [], "customizations.payload_repositories") ??
    uploadProblem(image) ?? { ok: true, request }
  );
}
