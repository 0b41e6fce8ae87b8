import { badRequest } from "../errors";
import type { ComposerUploadOptions, StoredUploadRequest, UploadSettings } from "./types";

/**
 * For each upload target, the image types it accepts and the name composer knows each by
 * (the API's aliases `ami`, `vhd`, `rhel-edge-*` collapse to composer's names).
 */
const imageTypesByUploadType: Record<string, Record<string, string>> = {
  aws: { aws: "aws", ami: "aws" },
  "aws.s3": {
    "edge-commit": "edge-commit",
    "rhel-edge-commit": "edge-commit",
    "edge-installer": "edge-installer",
    "rhel-edge-installer": "edge-installer",
    "guest-image": "guest-image",
    "image-installer": "image-installer",
    "network-installer": "network-installer",
    vsphere: "vsphere",
    "vsphere-ova": "vsphere-ova",
    wsl: "wsl",
    "bootable-container-iso": "bootable-container-iso",
    "pxe-tar-xz": "pxe-tar-xz",
  },
  gcp: { gcp: "gcp" },
  azure: { azure: "azure", vhd: "azure" },
  "oci.objectstorage": { oci: "oci" },
};

/**
 * Composer's image type for an API image type sent to `uploadType`. Unknown upload type:
 * 400 `Unknown UploadRequest type <t>`; a type the target cannot take: 400
 * `Invalid image type for upload target` (upstream's messages).
 */
export function composerImageType(imageType: string, uploadType: string): string {
  const accepted = imageTypesByUploadType[uploadType];
  if (!accepted) throw badRequest(`Unknown UploadRequest type ${uploadType}`);
  const mapped = accepted[imageType];
  if (!mapped) throw badRequest("Invalid image type for upload target");
  return mapped;
}

/**
 * Composer's `upload_options` for the request's upload target and this deployment's settings.
 * `shareWithAccounts` is what acceptance resolved for AWS (the request's accounts and its
 * sources' accounts): without it, sources cannot be honoured and the request is refused, since
 * sharing with fewer accounts than asked would be silent harm.
 */
export function composerUploadOptions(
  upload: StoredUploadRequest,
  settings: UploadSettings,
  shareWithAccounts?: readonly string[],
): ComposerUploadOptions {
  const options = upload.options ?? {};
  switch (upload.type) {
    case "aws": {
      const accounts = stringList(options.share_with_accounts);
      const sources = stringList(options.share_with_sources);
      if (accounts.length === 0 && sources.length === 0) {
        throw badRequest("Expected at least one source or account to share the image with");
      }
      if (shareWithAccounts) return { region: settings.awsRegion, share_with_accounts: [...shareWithAccounts] };
      if (sources.length > 0) {
        throw badRequest(`Unable to resolve source ${sources[0]} to an aws account id: sources are not supported, share with account ids`);
      }
      return { region: settings.awsRegion, share_with_accounts: accounts };
    }
    case "aws.s3":
      return { region: settings.awsRegion };
    case "gcp": {
      const accounts = stringList(options.share_with_accounts);
      return {
        region: settings.gcpRegion,
        ...(settings.gcpBucket ? { bucket: settings.gcpBucket } : {}),
        ...(accounts.length > 0 ? { share_with_accounts: accounts } : {}),
      };
    }
    case "azure": {
      const tenantId = nonEmptyString(options.tenant_id);
      const subscriptionId = nonEmptyString(options.subscription_id);
      if (!tenantId || !subscriptionId) throw badRequest("Request must contain tenant and subscription ids.");
      return compact({
        tenant_id: tenantId,
        subscription_id: subscriptionId,
        resource_group: options.resource_group,
        image_name: options.image_name,
        hyper_v_generation: options.hyper_v_generation,
      });
    }
    case "oci.objectstorage":
      return {};
    default:
      throw badRequest(`Unknown UploadRequest type ${upload.type}`);
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Drops undefined members, so the JSON sent to composer carries only what was set. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
