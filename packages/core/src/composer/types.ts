import { ServiceError } from "../service-client/errors";

/**
 * The composer client as the rest of the code sees it (osbuild-composer cloud API v2).
 * Bodies are composer's JSON shapes (see the composer OpenAPI document); the client adds
 * auth, timeouts and typed errors.
 */

export interface ComposerComposeStatus {
  href?: string;
  id?: string;
  kind?: string;
  status: "success" | "failure" | "pending";
  image_status: {
    status: "pending" | "building" | "uploading" | "registering" | "success" | "failure";
    progress?: { done: number; total: number; subprogress?: { done: number; total: number } };
    upload_status?: { status: string; type: string; options: Record<string, unknown> };
    upload_statuses?: { status: string; type: string; options: Record<string, unknown> }[];
    error?: { id: number; reason: string; details?: unknown };
  };
  image_statuses?: unknown[];
  koji_status?: unknown;
}

export interface ComposerMetadata {
  packages?: {
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
  request?: unknown;
}

export interface CallOptions {
  /** Forwarded as `x-request-id`. */
  requestId?: string;
  /**
   * Our own compose id, sent as `x-image-builder-compose-id` (composer ignores it; the simulator
   * counts submissions per value to detect duplicate submissions).
   */
  composeId?: string;
  signal?: AbortSignal;
}

export interface ComposerClient {
  /** `POST /compose`: returns composer's compose id. */
  postCompose(body: unknown, opts?: CallOptions): Promise<{ id: string }>;
  getComposeStatus(composerId: string, opts?: CallOptions): Promise<ComposerComposeStatus>;
  getComposeMetadata(composerId: string, opts?: CallOptions): Promise<ComposerMetadata>;
  /** `GET /distributions/{distro}` with repeated `image_type` and `architecture`. */
  getDistribution(
    distro: string,
    query: { imageTypes?: string[]; architectures?: string[] },
    opts?: CallOptions,
  ): Promise<unknown>;
  /** `GET /openapi`: composer is reachable and answers. */
  ping(opts?: CallOptions): Promise<void>;
  /** `DELETE /composes/{id}`: composer stops and forgets the build. */
  deleteCompose(composerId: string, opts?: CallOptions): Promise<void>;
}

/**
 * What a failed call means for the caller: `permanent` (composer said no: 4xx, never retry),
 * `retryable` (5xx, timeout, connection). `status` is composer's HTTP status when it answered;
 * `body` its error body when it was JSON.
 */
export class ComposerError extends ServiceError {
  constructor(
    kind: "permanent" | "retryable",
    message: string,
    status?: number,
    body?: unknown,
    opts?: { cause?: unknown; timedOut?: boolean },
  ) {
    super(kind, message, status, body, opts);
    this.name = "ComposerError";
  }
}
