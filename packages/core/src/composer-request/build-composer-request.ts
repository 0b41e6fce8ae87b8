import type { Catalog, Distribution } from "../catalog/types";
import { badRequest } from "../errors";
import { composerCustomizations } from "./customizations";
import { catalogRepositories } from "./repositories";
import type { ComposeResolution, ComposerComposeRequest, StoredComposeRequest, UploadSettings } from "./types";
import { compact, composerImageType, composerUploadOptions } from "./upload-target";

export interface BuildComposerRequestInput {
  /** The compose request as stored on the row. */
  request: StoredComposeRequest;
  /** Set for composes made from a blueprint: composer records it in the RHSM facts. */
  blueprintId?: string | null;
  /** What the console services resolved at acceptance (`composes.resolved`). */
  resolved?: ComposeResolution | null;
}

export interface ComposerRequestServices {
  catalog: Catalog;
  settings: UploadSettings;
}

/**
 * Composer's `POST /compose` body for a stored compose request (upstream-service.md 5.2):
 * exactly one of `distribution` (composer's name from the catalog, repositories from the
 * catalog) or `bootc` (no repositories); one image request with composer's image type and
 * upload options from the deployment's settings; customizations mapped. What acceptance
 * resolved (`resolved`: snapshots, repositories by id, compliance, accounts of sources) replaces
 * the catalog's and the request's values; a feature that needs a resolution it lacks is refused.
 * Anything composer could never build is a DomainError (400): the compose fails for good.
 */
export function buildComposerRequest(
  services: ComposerRequestServices,
  input: BuildComposerRequestInput,
): ComposerComposeRequest {
  const { request } = input;
  const resolved = input.resolved ?? undefined;
  const imageRequest = request.image_requests?.[0];
  if (!imageRequest || request.image_requests.length !== 1) {
    throw badRequest("Exactly one image request should be included");
  }
  if (!imageRequest.upload_request?.type) throw badRequest("Exactly one upload request should be included");
  if (request.distribution && request.bootc) throw badRequest("either distribution or bootc needs to be set, but not both");
  if (!request.distribution && !request.bootc) throw badRequest("either distribution or bootc needs to be set");
  if ((imageRequest.snapshot_date || imageRequest.content_template) && !resolved?.repositories) {
    throw badRequest("Repository snapshots and content templates are not supported by this service");
  }

  const imageType = composerImageType(imageRequest.image_type, imageRequest.upload_request.type);
  const uploadOptions = composerUploadOptions(imageRequest.upload_request, services.settings, resolved?.shareWithAccounts);

  let distribution: Distribution | undefined;
  if (request.distribution) {
    distribution = services.catalog.get(request.distribution);
    if (!distribution) throw badRequest(`Distribution ${request.distribution} is not available`);
  }
  const repositories =
    resolved?.repositories ??
    (distribution ? catalogRepositories(distribution, imageRequest.architecture, [imageRequest.image_type, imageType]) : []);

  return compact({
    distribution: distribution && (resolved?.distribution ?? distribution.composerName),
    bootc: request.bootc && compact({ reference: request.bootc.reference, iso_payload_reference: request.bootc.iso_payload_reference }),
    blueprint_id: input.blueprintId ?? undefined,
    customizations: composerCustomizations(request.customizations, distribution, services.settings, resolved),
    image_request: compact({
      architecture: imageRequest.architecture,
      image_type: imageType,
      repositories,
      upload_options: uploadOptions,
      ostree: imageRequest.ostree && compact({ ...imageRequest.ostree }),
      size: imageRequest.size,
    }),
  });
}
