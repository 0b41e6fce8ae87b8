/**
 * A blueprint as core sees it. The API validates the full shape (zod, from the spec); core names
 * only the fields its rules read or rewrite and carries the rest through untouched.
 */

export interface BlueprintUser {
  name: string;
  password?: string;
  ssh_key?: string;
  hasPassword?: boolean;
  groups?: string[];
  [key: string]: unknown;
}

/** A file or directory customization; `user`/`group` are a name or a numeric id. */
export interface FsNodeCustomization {
  path: string;
  mode?: string;
  user?: string | number;
  group?: string | number;
  [key: string]: unknown;
}

export interface FilesystemCustomization {
  mountpoint: string;
  min_size: number;
  [key: string]: unknown;
}

export interface BlueprintCustomizations {
  users?: BlueprintUser[];
  files?: FsNodeCustomization[];
  directories?: FsNodeCustomization[];
  filesystem?: FilesystemCustomization[];
  subscription?: unknown;
  cacerts?: unknown;
  aap_registration?: { host_config_key?: string; [key: string]: unknown };
  custom_repositories?: { id: string; name?: string; baseurl?: string[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface BlueprintImageRequest {
  architecture: string;
  image_type: string;
  upload_request: { type: string; options?: Record<string, unknown> };
  snapshot_date?: string;
  [key: string]: unknown;
}

export interface BootcReference {
  reference: string;
  iso_payload_reference?: string;
  [key: string]: unknown;
}

/** What a version stores (`blueprint_versions.body`): the buildable part of the blueprint. */
export interface BlueprintBody {
  customizations: BlueprintCustomizations;
  distribution?: string;
  bootc?: BootcReference;
  image_requests: BlueprintImageRequest[];
}

/** Set by an import (`POST /blueprints` with the `metadata` of an export). */
export interface BlueprintMetadata {
  parent_id: string | null;
  exported_at: string;
  is_on_prem: boolean;
}

/** The body of `POST /blueprints` and `PUT /blueprints/{id}`. */
export interface BlueprintRequest extends BlueprintBody {
  name: string;
  description?: string;
  metadata?: BlueprintMetadata;
}

export type { ServiceSnapshots } from "../compliance/blueprint-compliance";
import type { ServiceSnapshots } from "../compliance/blueprint-compliance";

/** One version of a blueprint, as read. */
export interface BlueprintVersion {
  id: string;
  name: string;
  description: string;
  metadata: BlueprintMetadata | null;
  versionId: string;
  version: number;
  body: BlueprintBody;
  /** What the console services said when the version was saved (the compliance policy's requirements). */
  serviceSnapshots: ServiceSnapshots | null;
  createdAt: Date;
}
