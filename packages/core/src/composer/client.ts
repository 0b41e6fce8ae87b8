import { readFileSync } from "node:fs";
import { Agent } from "undici";
import type { LoggerLike } from "../context";
import { type Answer, exchange } from "./exchange";
import { errorFromAnswer, errorFromThrown } from "./failures";
import { CallDeadline } from "./signals";
import { TokenSource } from "./token";
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
  /** `DELETE /composes/{id}`. */
  deleteCompose(composerId: string, opts?: CallOptions): Promise<void>;
  close(): Promise<void>;
}

interface Call {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Statuses that mean success; anything else is an error. */
  expect: number;
  opts?: CallOptions;
}

function readCa(caPath: string): Buffer {
  try {
    return readFileSync(caPath);
  } catch (err) {
    throw new Error(`composer client: COMPOSER_CA_PATH ${caPath} cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/** Origin and path prefix of composer's API under `COMPOSER_URL` (which may carry a path of its own). */
function apiBase(baseUrl: string): { origin: string; path: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, "") + composerBasePath };
}

/** Header carrying our compose id on submissions, so duplicate submissions can be told apart. */
export const composeIdHeader = "x-image-builder-compose-id";

/**
 * osbuild-composer cloud API v2 client: client-credentials token (cached, refreshed early, shared
 * between concurrent calls), one token refresh and resend on 401/403, a deadline on every call,
 * typed errors, keep-alive connection pool, optional custom CA.
 */
export function createComposerClient(options: ComposerClientOptions): ComposerClientHandle {
  const { timeoutMs, log } = options;
  const base = apiBase(options.baseUrl);
  const ca = options.caPath ? readCa(options.caPath) : undefined;
  const dispatcher = new Agent({
    connections: options.connections ?? 64,
    keepAliveTimeout: 30_000,
    ...(ca ? { connect: { ca, minVersion: "TLSv1.2" as const } } : {}),
  });

  let tokens: TokenSource | undefined;
  if (options.tokenUrl) {
    if (!options.clientId || !options.clientSecret) {
      throw new Error("composer client: COMPOSER_CLIENT_ID and COMPOSER_CLIENT_SECRET are required with COMPOSER_TOKEN_URL");
    }
    tokens = new TokenSource({
      tokenUrl: options.tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      dispatcher,
      timeoutMs,
      refreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
      now: options.now ?? Date.now,
      log,
    });
  }

  /** One exchange with composer's API, read whole. */
  function send(call: Call, token: string | undefined, deadline: CallDeadline): Promise<Answer> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    if (call.opts?.requestId) headers["x-request-id"] = call.opts.requestId;
    if (call.opts?.composeId) headers[composeIdHeader] = call.opts.composeId;
    const query = call.query?.toString();
    return exchange(
      dispatcher,
      {
        origin: base.origin,
        path: base.path + call.path + (query ? `?${query}` : ""),
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      },
      deadline,
    );
  }

  async function request<T>(call: Call): Promise<T> {
    const what = `composer ${call.method} ${call.path}`;
    const deadline = new CallDeadline(timeoutMs, call.opts?.signal);
    const started = Date.now();
    try {
      let token = tokens ? (tokens.current() ?? (await deadline.race(tokens.get()))) : undefined;
      let res = await send(call, token, deadline);
      if ((res.status === 401 || res.status === 403) && tokens && token) {
        log?.warn({ status: res.status, path: call.path, requestId: call.opts?.requestId }, "composer rejected the token, refreshing it once");
        token = await deadline.race(tokens.replace(token));
        res = await send(call, token, deadline);
      }
      if (res.status === 401 || res.status === 403) {
        // Our credentials, not the request, are the problem: worth retrying later.
        const rejected = errorFromAnswer(what, res);
        throw new ComposerError("retryable", `${rejected.message} (token rejected after a refresh)`, rejected.status, rejected.body);
      }
      if (res.status !== call.expect) throw errorFromAnswer(what, res);
      log?.debug({ method: call.method, path: call.path, status: res.status, ms: Date.now() - started, requestId: call.opts?.requestId }, "composer call");
      if (res.text === "") return undefined as T;
      try {
        return JSON.parse(res.text) as T;
      } catch (err) {
        throw new ComposerError("retryable", `${what} answered ${res.status} with a body that is not JSON`, res.status, res.text, { cause: err });
      }
    } catch (err) {
      throw errorFromThrown(what, err, deadline, timeoutMs);
    } finally {
      deadline.clear();
    }
  }

  const composePath = (id: string) => `/composes/${encodeURIComponent(id)}`;

  return {
    async postCompose(body, opts) {
      const answer = await request<{ id?: unknown }>({ method: "POST", path: "/compose", body, expect: 201, opts });
      if (typeof answer?.id !== "string" || answer.id === "") {
        throw new ComposerError("retryable", "composer POST /compose answered 201 without a compose id", 201, answer);
      }
      return { id: answer.id };
    },
    getComposeStatus: (composerId, opts) =>
      request<ComposerComposeStatus>({ method: "GET", path: composePath(composerId), expect: 200, opts }),
    getComposeMetadata: (composerId, opts) =>
      request<ComposerMetadata>({ method: "GET", path: `${composePath(composerId)}/metadata`, expect: 200, opts }),
    getDistribution(distro, query, opts) {
      const params = new URLSearchParams();
      for (const t of query.imageTypes ?? []) params.append("image_type", t);
      for (const a of query.architectures ?? []) params.append("architecture", a);
      return request<unknown>({ method: "GET", path: `/distributions/${encodeURIComponent(distro)}`, query: params, expect: 200, opts });
    },
    async ping(opts) {
      await request<unknown>({ method: "GET", path: "/openapi", expect: 200, opts });
    },
    async deleteCompose(composerId, opts) {
      await request<unknown>({ method: "DELETE", path: composePath(composerId), expect: 200, opts });
    },
    close: () => dispatcher.close(),
  };
}
