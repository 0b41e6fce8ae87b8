/**
 * content-sources' shapes as this service reads them (its OpenAPI `api.*` schemas); only the
 * fields the compose and blueprint paths use are typed.
 */

export interface ContentSnapshot {
  uuid: string;
  repository_uuid?: string;
  repository_name?: string;
  /** Path of the snapshot under the content host's prefix (`<org>/<repo>/<date>`). */
  repository_path: string;
  /** The snapshot's public URL. */
  url: string;
  created_at?: string;
  /** The OS version the snapshot's content reports (`9.4`), when content-sources detected one. */
  detected_os_version?: string;
}

export interface ContentRepository {
  uuid: string;
  name: string;
  url: string;
  /** `red_hat`, `external` (the org's own), `upload`, `community`. */
  origin?: string;
  content_type?: string;
  gpg_key?: string;
  metadata_verification?: boolean;
  module_hotfixes?: boolean;
  /** Snapshotting enabled. */
  snapshot?: boolean;
  latest_snapshot_url?: string;
  last_snapshot?: ContentSnapshot;
  distribution_arch?: string;
  distribution_versions?: string[];
}

export interface SnapshotForDate {
  repository_uuid: string;
  is_after?: boolean;
  match?: ContentSnapshot;
}

export interface ContentTemplate {
  uuid: string;
  name: string;
  org_id?: string;
  arch?: string;
  version?: string;
  date?: string;
  use_latest?: boolean;
  repository_uuids: string[];
  snapshots?: ContentSnapshot[];
  rhsm_environment_id?: string;
}

export interface RepositoryQuery {
  /** The repositories with these URLs (the distribution's RHSM repositories). */
  urls?: string[];
  /** The repositories with these ids. */
  uuids?: string[];
  /** `red_hat`, `external`, `community`... (comma-joined by content-sources). */
  origin?: string;
  contentType?: string;
}
