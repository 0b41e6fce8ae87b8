import type { ComposerComposeStatus, ComposerMetadata } from "../composer/types";
import type { StoredComposeRequest } from "../composer-request/types";

export type { StoredComposeRequest };

type ImageStatus = ComposerComposeStatus["image_status"];

/** The statuses a client sees (the spec's ImageStatus enum). */
export type ComposeStatusName = "pending" | "building" | "uploading" | "registering" | "success" | "failure";

/** One compose as `GET /composes` lists it. */
export interface ComposeSummary {
  id: string;
  /** The request as JSON text, passwords redacted. */
  requestJson: string;
  /** RFC 3339 in UTC with whole seconds, as upstream prints it. */
  createdAt: string;
  imageName: string | null;
  clientId: string | null;
  blueprintId: string | null;
  blueprintVersion: number | null;
}

/** One compose with its build state, as stored by the worker. */
export interface ComposeDetails {
  id: string;
  request: StoredComposeRequest;
  createdAt: Date;
  status: ComposeStatusName;
  progress: ImageStatus["progress"] | null;
  uploadStatus: ImageStatus["upload_status"] | null;
  error: ImageStatus["error"] | null;
}

/** The package list of a finished build, as composer reported it. */
export interface ComposeMetadataView {
  packages: NonNullable<ComposerMetadata["packages"]>;
  ostree_commit?: string;
}
