import type { StoredComposeRequest } from "../composer-request/types";

export type { StoredComposeRequest };

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
  progress: { done: number; total: number; subprogress?: { done: number; total: number } } | null;
  uploadStatus: { status: string; type: string; options: Record<string, unknown> } | null;
  error: { id: number; reason: string; details?: unknown } | null;
}

/** The package list of a finished build. */
export interface ComposeMetadataView {
  packages: {
    type: string;
    name: string;
    version: string;
    release: string;
    epoch?: string;
    arch: string;
    sigmd5: string;
    signature?: string;
  }[];
  ostree_commit?: string;
}
