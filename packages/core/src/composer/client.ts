import type { LoggerLike } from "../context";
import { createHttpService, type ServiceCall } from "../service-client";
import {
  type CallOptions,
  type ComposerClient,
  type ComposerComposeStatus,
  ComposerError,
  type ComposerMetadata,
} from "./types";

export const composerBasePath = "/api/image-builder-composer/v2";

export interface ComposerClientOptions {
  /** `COMPOSER_URL`: scheme and host, without the API base path. */
  baseUrl: string;
  /** `COMPOSER_TOKEN_URL`; without it no `Authorization` header is sent. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** `COMPOSER_CA_PATH`: PEM bundle to trust instead of the system store. */
  caPath?: string;
  /** Deadline of one client call, token fetch and auth resend included. */
  timeoutMs: number;
  log?: LoggerLike;
  /** Refresh the token this long before it expires (default 60 s, as upstream). */
  tokenRefreshMarginMs?: number;
  /** Most sockets kept open to composer (default 64). */
  connections?: number;
  /** Milliseconds clock for token expiry; defaults to `Date.now`. */
  now?: () => number;
}

/** A composer client that owns a connection pool: `close()` it on shutdown. */
export interface ComposerClientHandle extends ComposerClient {
  close(): Promise<void>;
}

/** Composer's API under `COMPOSER_URL` (which may carry a path of its own). */
function apiBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.origin + url.pathname.replace(/\/+$/, "") + composerBasePath;
}

/** Header carrying our compose id on submissions, so duplicate submissions can be told apart. */
export const composeIdHeader = "x-image-builder-compose-id";

/**
 * osbuild-composer cloud API v2 client: client-credentials token (cached, refreshed early, shared
 * between concurrent calls), one token refresh and resend on 401/403, a deadline on every call,
 * typed errors, keep-alive connection pool, optional custom CA (all from the service-client base).
 */
export function createComposerClient(options: ComposerClientOptions): ComposerClientHandle {
  if (options.tokenUrl && (!options.clientId || !options.clientSecret)) {
    throw new Error("composer client: COMPOSER_CLIENT_ID and COMPOSER_CLIENT_SECRET are required with COMPOSER_TOKEN_URL");
  }
  const http = createHttpService({
    service: "composer",
    baseUrl: apiBase(options.baseUrl),
    caPath: options.caPath,
    caVariable: "COMPOSER_CA_PATH",
    timeoutMs: options.timeoutMs,
    connections: options.connections,
    credentials: options.tokenUrl
      ? {
          tokenUrl: options.tokenUrl,
          clientId: options.clientId!,
          clientSecret: options.clientSecret!,
          refreshMarginMs: options.tokenRefreshMarginMs,
          now: options.now,
        }
      : undefined,
    rejectedCredentials: "retryable",
    makeError: (kind, message, status, body, opts) => new ComposerError(kind, message, status, body, opts),
    log: options.log,
  });

  async function request<T>(call: Omit<ServiceCall, "opts">, opts: CallOptions | undefined): Promise<T> {
    const reply = await http.call<T>({
      ...call,
      opts: opts && {
        requestId: opts.requestId,
        signal: opts.signal,
        headers: opts.composeId ? { [composeIdHeader]: opts.composeId } : undefined,
      },
    });
    return reply.body;
  }

  const composePath = (id: string) => `/composes/${encodeURIComponent(id)}`;

  return {
    async postCompose(body, opts) {
      const answer = await request<{ id?: unknown }>({ method: "POST", path: "/compose", body, expect: 201 }, opts);
      if (typeof answer?.id !== "string" || answer.id === "") {
        throw new ComposerError("retryable", "composer POST /compose answered 201 without a compose id", 201, answer);
      }
      return { id: answer.id };
    },
    getComposeStatus: (composerId, opts) =>
      request<ComposerComposeStatus>({ method: "GET", path: composePath(composerId), expect: 200 }, opts),
    getComposeMetadata: (composerId, opts) =>
      request<ComposerMetadata>({ method: "GET", path: `${composePath(composerId)}/metadata`, expect: 200 }, opts),
    getDistribution(distro, query, opts) {
      const params = new URLSearchParams();
      for (const t of query.imageTypes ?? []) params.append("image_type", t);
      for (const a of query.architectures ?? []) params.append("architecture", a);
      return request<unknown>({ method: "GET", path: `/distributions/${encodeURIComponent(distro)}`, query: params, expect: 200 }, opts);
    },
    async ping(opts) {
      await request<unknown>({ method: "GET", path: "/openapi", expect: 200 }, opts);
    },
    async deleteCompose(composerId, opts) {
      await request<unknown>({ method: "DELETE", path: composePath(composerId), expect: 200 }, opts);
    },
    close: () => http.close(),
  };
}
