/**
 * The two request shapes this module translates between: the compose request as the API
 * accepted and stored it (`composes.request`, image-builder's ComposeRequest with schema
 * defaults filled in) and the body of composer's `POST /compose` (cloud API v2).
 * Only the fields the translation reads or writes are typed; the rest pass through.
 */

export type UploadType = "aws" | "gcp" | "azure" | "aws.s3" | "oci.objectstorage";

export interface StoredUploadRequest {
  type: UploadType | string;
  options?: Record<string, unknown>;
}

export interface StoredImageRequest {
  architecture: string;
  image_type: string;
  upload_request: StoredUploadRequest;
  ostree?: { url?: string; contenturl?: string; ref?: string; parent?: string; rhsm?: boolean };
  size?: number;
  snapshot_date?: string;
  content_template?: string;
  content_template_name?: string;
}

export interface StoredFile {
  path: string;
  mode?: string;
  user?: string | number;
  group?: string | number;
  data?: string;
  data_encoding?: "plain" | "base64";
  ensure_parents?: boolean;
}

export interface StoredUser {
  name: string;
  groups?: string[];
  ssh_key?: string;
  password?: string;
  hasPassword?: boolean;
}

export interface StoredSubscription {
  organization: number;
  "activation-key": string;
  "server-url": string;
  "base-url": string;
  insights: boolean;
  rhc?: boolean;
  insights_client_proxy?: string;
}

export interface StoredRepository {
  id?: string;
  rhsm?: boolean;
  baseurl?: string;
  mirrorlist?: string;
  metalink?: string;
  gpgkey?: string;
  check_gpg?: boolean;
  check_repo_gpg?: boolean;
  ignore_ssl?: boolean;
  module_hotfixes?: boolean;
}

export interface StoredCustomRepository {
  id: string;
  name?: string;
  filename?: string;
  baseurl?: string[];
  mirrorlist?: string;
  metalink?: string;
  gpgkey?: string[];
  check_gpg?: boolean;
  check_repo_gpg?: boolean;
  enabled?: boolean;
  priority?: number;
  ssl_verify?: boolean;
  module_hotfixes?: boolean;
}

export interface StoredAapRegistration {
  ansible_callback_url: string;
  host_config_key: string;
  tls_certificate_authority?: string;
  skip_tls_verification?: boolean;
}

/** Customizations composer takes exactly as image-builder accepts them. */
export interface PassThroughCustomizations {
  containers?: { source: string; name?: string; tls_verify?: boolean }[];
  directories?: Record<string, unknown>[];
  packages?: string[];
  enabled_modules?: { name: string; stream: string }[];
  custom_repositories?: StoredCustomRepository[];
  filesystem?: { mountpoint: string; min_size: number }[];
  disk?: unknown;
  hostname?: string;
  kernel?: { name?: string; append?: string };
  groups?: { name: string; gid?: number }[];
  timezone?: { timezone?: string; ntpservers?: string[] };
  locale?: { languages?: string[]; keyboard?: string };
  firewall?: { ports?: string[]; services?: { enabled?: string[]; disabled?: string[] } };
  installation_device?: string;
  fdo?: Record<string, unknown>;
  ignition?: { embedded?: { config: string }; firstboot?: { url: string } };
  partitioning_mode?: "raw" | "lvm" | "auto-lvm";
  fips?: { enabled?: boolean };
  installer?: { unattended?: boolean; "sudo-nopasswd"?: string[] };
  cacerts?: { pem_certs: string[] };
}

export interface StoredCustomizations extends PassThroughCustomizations {
  files?: StoredFile[];
  subscription?: StoredSubscription;
  payload_repositories?: StoredRepository[];
  openscap?: { profile_id?: string; profile_name?: string; profile_description?: string; policy_id?: string };
  users?: StoredUser[];
  services?: { enabled?: string[]; disabled?: string[]; masked?: string[] };
  aap_registration?: StoredAapRegistration;
}

export interface StoredComposeRequest {
  distribution?: string;
  bootc?: { reference: string; iso_payload_reference?: string };
  image_name?: string;
  image_description?: string;
  client_id?: string;
  image_requests: StoredImageRequest[];
  customizations?: StoredCustomizations;
}

/* ---- resolved at acceptance ---- */

/** Composer's OpenSCAP customization for a compliance policy (filled by the compliance resolver). */
export interface ResolvedOpenscap {
  /** The policy's OpenSCAP profile (its `ref_id`). */
  profile_id: string;
  policy_id: string;
  /** Set when the policy has a tailoring for the distribution's minor version. */
  json_tailoring?: { profile_id: string; filepath: string };
  /** The tailoring JSON itself, written into the image at `json_tailoring.filepath`. */
  tailoring?: string;
}

/**
 * What the console services resolved when the compose was accepted, stored with the compose
 * (`composes.resolved`) so the worker builds composer's request from PostgreSQL alone and a
 * resubmission sends the same request. Each member replaces what the request or the catalog
 * would give; an absent member changes nothing.
 */
export interface ComposeResolution {
  /** Composer's distribution name, when a snapshot detected another minor version (`rhel-9.4`). */
  distribution?: string;
  /** The image request's repositories, replacing the catalog's (snapshots, content-sources URLs). */
  repositories?: ComposerRepository[];
  /** Composer's `custom_repositories`, replacing the request's (ids resolved, snapshot URLs). */
  customRepositories?: StoredCustomRepository[];
  /** Composer's `payload_repositories`, replacing the request's. */
  payloadRepositories?: ComposerRepository[];
  /** Composer's `openscap` for a compliance policy (owned by the compliance resolver). */
  openscap?: ResolvedOpenscap;
  /** AWS accounts to share with: the request's accounts and those of its sources, merged. */
  shareWithAccounts?: string[];
  /** Subscription fields a content template adds (`template_name`, or `template_uuid` + `patch_url`). */
  subscription?: { template_name?: string; template_uuid?: string; patch_url?: string };
}

/* ---- composer cloud API v2 ---- */

export interface ComposerRepository {
  rhsm?: boolean;
  baseurl?: string;
  mirrorlist?: string;
  metalink?: string;
  gpgkey?: string;
  check_gpg?: boolean;
  check_repo_gpg?: boolean;
  ignore_ssl?: boolean;
  module_hotfixes?: boolean;
}

export interface ComposerFile {
  path: string;
  mode?: string;
  user?: string | number;
  group?: string | number;
  data?: string;
  ensure_parents?: boolean;
}

export interface ComposerServices {
  enabled?: string[];
  disabled?: string[];
  masked?: string[];
}

export interface ComposerCustomizations extends PassThroughCustomizations {
  files?: ComposerFile[];
  subscription?: {
    organization: string;
    activation_key: string;
    server_url: string;
    base_url: string;
    insights: boolean;
    rhc?: boolean;
    insights_client_proxy?: string;
    template_name?: string;
    template_uuid?: string;
    patch_url?: string;
  };
  users?: { name: string; groups?: string[]; key?: string; password?: string }[];
  payload_repositories?: ComposerRepository[];
  openscap?: { profile_id: string; policy_id?: string; json_tailoring?: { profile_id: string; filepath: string } };
  services?: ComposerServices;
}

export type ComposerUploadOptions = Record<string, unknown>;

export interface ComposerImageRequest {
  architecture: string;
  image_type: string;
  repositories: ComposerRepository[];
  upload_options: ComposerUploadOptions;
  ostree?: StoredImageRequest["ostree"];
  size?: number;
}

export interface ComposerComposeRequest {
  distribution?: string;
  bootc?: { reference: string; iso_payload_reference?: string };
  blueprint_id?: string;
  customizations?: ComposerCustomizations;
  image_request: ComposerImageRequest;
}

/** Deployment settings the translation needs (upstream's OSBUILD_* and INSIGHTS_CLIENT_PROXY). */
export interface UploadSettings {
  awsRegion: string;
  gcpRegion: string;
  /** Omitted from the request when empty: composer then uses its configured bucket. */
  gcpBucket?: string;
  insightsClientProxy?: string;
}

export const defaultUploadSettings: UploadSettings = {
  awsRegion: "us-east-1",
  gcpRegion: "us-east4",
};
