import { composerImageType, composerUploadOptions } from "../composer-request/upload-target";
import { defaultUploadSettings, type StoredComposeRequest } from "../composer-request/types";
import { badRequest } from "../errors";

/** Largest image upstream accepts for AWS (64 GiB). */
export const AWS_MAX_IMAGE_BYTES = 68_719_476_736;
/** Largest image for Azure (128 GiB); upstream's message still quotes the AWS number. */
export const AZURE_MAX_IMAGE_BYTES = 137_438_953_472;

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `2025-11-26` or `2025-11-26T00:00:00.000Z`, with a real calendar date. */
export function isSnapshotDate(value: string): boolean {
  const m = dateOnly.exec(value) ?? rfc3339.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const timeOk = m.length < 5 || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && timeOk;
}

/**
 * Rules on the request alone (no catalog, no database), in upstream's order and words:
 * distribution xor bootc, snapshot date vs content template, upload target vs image type and its
 * options, total size. Throws a 400 DomainError on the first broken rule.
 */
export function checkComposeRequest(request: StoredComposeRequest): void {
  if (!request.distribution && !request.bootc) {
    throw badRequest("either distribution or bootc needs to be set");
  }
  if (request.distribution && request.bootc) {
    throw badRequest("either distribution or bootc needs to be set, but not both");
  }
  const image = request.image_requests[0];
  if (!image) throw badRequest("Exactly one upload request should be included");
  if (!image.upload_request?.type) throw badRequest("Exactly one upload request should be included");

  if (image.snapshot_date !== undefined && image.content_template !== undefined) {
    throw badRequest("Either a snapshot date or content template can be specified, but not both");
  }
  if (image.snapshot_date !== undefined && !isSnapshotDate(image.snapshot_date)) {
    throw badRequest(
      `Snapshot date ${image.snapshot_date} is not in DateOnly (yyyy-mm-dd) or RFC3339 (yyyy-mm-ddThh:mm:ssZ) format`,
    );
  }

  composerImageType(image.image_type, image.upload_request.type);
  // Sources are resolved to accounts after these rules (provisioning): not refused here.
  composerUploadOptions(image.upload_request, defaultUploadSettings, []);
  checkTotalSize(request);
}

/** The image is the larger of the requested size and the sum of the filesystems' minimum sizes. */
function checkTotalSize(request: StoredComposeRequest): void {
  const image = request.image_requests[0]!;
  const filesystems = (request.customizations?.filesystem ?? []).reduce((sum, fs) => sum + (fs.min_size ?? 0), 0);
  const total = Math.max(filesystems, image.size ?? 0);
  switch (image.image_type) {
    case "aws":
    case "ami":
      if (total > AWS_MAX_IMAGE_BYTES) {
        throw badRequest(`Total AWS image size cannot exceed ${AWS_MAX_IMAGE_BYTES} bytes`);
      }
      break;
    case "azure":
    case "vhd":
      if (total > AZURE_MAX_IMAGE_BYTES) {
        throw badRequest(`Total Azure image size cannot exceed ${AWS_MAX_IMAGE_BYTES} bytes`);
      }
      break;
  }
}
