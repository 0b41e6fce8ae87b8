import { resolveDistribution } from "../catalog";
import type { Architecture, Distribution } from "../catalog/types";
import type { StoredComposeRequest } from "../composer-request/types";
import type { ServiceContext } from "../context";
import { badRequest } from "../errors";

const BOOTABLE_CONTAINER_ISO = "bootable-container-iso";

/**
 * What the catalog says about the request: the distribution exists for this caller
 * (entitlement, allow-list), has the architecture, and lists the image type for it; or, for
 * image mode, the bootc reference (and ISO payload) is one the catalog offers.
 * Returns the distribution for package-mode requests.
 */
export function checkBuildTarget(ctx: ServiceContext, request: StoredComposeRequest): Distribution | undefined {
  const image = request.image_requests[0]!;
  if (request.bootc) {
    checkBootcReference(ctx, request.bootc, image.architecture, image.image_type);
    return undefined;
  }
  if (image.image_type === BOOTABLE_CONTAINER_ISO) {
    throw badRequest("bootc is required for bootable-container-iso image type");
  }
  const distribution = resolveDistribution(ctx.services, ctx.identity, request.distribution!);
  const arch = distribution.architectures[image.architecture as Architecture];
  if (!arch) {
    throw badRequest(`architecture ${image.architecture} is not available for distribution ${distribution.id}`);
  }
  if (!arch.imageTypes.includes(image.image_type)) {
    throw badRequest(
      `image type ${image.image_type} is not available for distribution ${distribution.id} on ${image.architecture}`,
    );
  }
  return distribution;
}

function checkBootcReference(
  ctx: ServiceContext,
  bootc: NonNullable<StoredComposeRequest["bootc"]>,
  architecture: string,
  imageType: string,
): void {
  const offered = ctx.services.catalog.bootcDistributions().filter((b) => b.reference === bootc.reference);
  if (offered.length === 0) throw badRequest(`bootc reference '${bootc.reference}' not found`);
  const forArch = offered.filter((b) => b.arch === architecture);
  if (forArch.length === 0) {
    throw badRequest(`bootc reference '${bootc.reference}' is not available for architecture ${architecture}`);
  }
  if (bootc.iso_payload_reference === undefined) return;
  if (imageType !== BOOTABLE_CONTAINER_ISO) {
    throw badRequest("iso_payload_reference must not be set for non-ISO bootc image types");
  }
  const allowed = forArch.some((b) => b.iso_payload_references?.includes(bootc.iso_payload_reference!));
  if (!allowed) {
    throw badRequest(`iso payload reference '${bootc.iso_payload_reference}' is not allowed for '${bootc.reference}'`);
  }
}
