import { readFileSync } from "node:fs";
import { traceHttpExchange } from "@ib/telemetry";
import { Agent, type Dispatcher, ProxyAgent } from "undici";
import type { LoggerLike } from "../context";
import { CallDeadline } from "./deadline";
import { type ServiceErrorFactory, serviceError } from "./errors";
import { type Answer, exchange } from "./exchange";
import { errorFromAnswer, errorFromThrown } from "./failures";
import { TokenSource } from "./token";

/** OAuth2 client credentials for services behind a token endpoint (composer, recommendations). */
export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Refresh the token this long before it expires (default 60 s, as upstream). */
  refreshMarginMs?: number;
  /** Milliseconds clock for token expiry; defaults to `Date.now`. */
  now?: () => number;
}

export interface HttpServiceOptions {
  /** The service as messages and logs name it: `composer`, `content-sources`. */
  service: string;
  /** Scheme, host and the API's base path (`https://console.example/api/content-sources/v1`). */
  baseUrl: string;
  /** PEM bundle to trust instead of the system store. */
  caPath?: string;
  /** The variable `caPath` came from, named when the file cannot be read. */
  caVariable?: string;
  /** Deadline of one call, token fetch and auth resend included. */
  timeoutMs: number;
  /** An HTTP proxy every call goes through (`RECOMMENDATIONS_PROXY`). */
  proxyUrl?: string;
  /** Most sockets kept open to the service (default 64). */
  connections?: number;
  /** Without them no `Authorization` header is sent. */
  credentials?: ClientCredentials;
  /**
   * A 401/403 still answered after one token refresh: `retryable` (our credentials are the
   * problem, as for composer) or `answer` (an error like any other 4xx: the caller's identity
   * was refused, as for the console services).
   */
  rejectedCredentials?: "retryable" | "answer";
  makeError?: ServiceErrorFactory;
  log?: LoggerLike;
}

/** Per call: what travels with it from the caller. */
export interface ServiceCallOptions {
  /** Forwarded as `x-request-id`. */
  requestId?: string;
  /** The caller's `x-rh-identity`, forwarded unchanged. */
  identity?: string;
  /** More headers (a service's own). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ServiceCall {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Under the base URL's path, starting with `/`. */
  path: string;
  query?: URLSearchParams;
  /** Sent as JSON. */
  body?: unknown;
  /** The statuses that mean success; anything else is an error. */
  expect: number | readonly number[];
  /** `json` (default): the body parsed; `text`: the body as received (TOML, a file). */
  responseType?: "json" | "text";
  opts?: ServiceCallOptions;
}

/** A successful answer: its status and its body (parsed JSON, `undefined` when empty; or the text). */
export interface ServiceReply<T> {
  status: number;
  body: T;
}

/** One service's HTTP client: a keep-alive pool, `close()` it on shutdown. */
export interface HttpService {
  readonly service: string;
  readonly timeoutMs: number;
  call<T>(call: ServiceCall): Promise<ServiceReply<T>>;
  close(): Promise<void>;
}

function readCa(service: string, caPath: string, variable: string): Buffer {
  try {
    return readFileSync(caPath);
  } catch (err) {
    throw new Error(`${service} client: ${variable} ${caPath} cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

const isExpected = (expect: ServiceCall["expect"], status: number) =>
  typeof expect === "number" ? status === expect : expect.includes(status);

/**
 * The HTTP base every client of another service stands on: one deadline per call (token fetch and
 * resend included), typed permanent vs retryable errors, an OAuth2 client-credentials token
 * (cached, refreshed early, shared, replaced once on 401/403), the caller's identity and request
 * id forwarded, an optional CA bundle and proxy, and a keep-alive pool. Exchanges go straight on undici's
 * dispatcher (see `exchange`).
 */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const { service, timeoutMs, log } = options;
  const make = options.makeError ?? serviceError;
  const url = new URL(options.baseUrl);
  const origin = url.origin;
  const basePath = url.pathname.replace(/\/+$/, "");
  const ca = options.caPath ? readCa(service, options.caPath, options.caVariable ?? "CA path") : undefined;
  const pool = { connections: options.connections ?? 64, keepAliveTimeout: 30_000 };
  const tls = ca ? { ca, minVersion: "TLSv1.2" as const } : undefined;
  const dispatcher: Dispatcher = options.proxyUrl
    ? new ProxyAgent({ uri: options.proxyUrl, ...pool, ...(tls ? { requestTls: tls } : {}) })
    : new Agent({ ...pool, ...(tls ? { connect: tls } : {}) });
  const credentials = options.credentials;
  const tokens = credentials
    ? new TokenSource({
        service,
        tokenUrl: credentials.tokenUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        dispatcher,
        timeoutMs,
        refreshMarginMs: credentials.refreshMarginMs ?? 60_000,
        now: credentials.now ?? Date.now,
        log,
        makeError: make,
      })
    : undefined;
  const rejectedIsRetryable = options.rejectedCredentials === "retryable";

  /** One exchange with the service, read whole. */
  function send(call: ServiceCall, token: string | undefined, deadline: CallDeadline): Promise<Answer> {
    const headers: Record<string, string> = { accept: call.responseType === "text" ? "*/*" : "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const opts = call.opts;
    if (opts) {
      if (opts.requestId) headers["x-request-id"] = opts.requestId;
      if (opts.identity) headers["x-rh-identity"] = opts.identity;
      if (opts.headers) Object.assign(headers, opts.headers);
    }
    const query = call.query?.toString();
    const path = basePath + call.path;
    return traceHttpExchange({ service, method: call.method, origin, path }, headers, () =>
      exchange(
        dispatcher,
        {
          origin,
          path: path + (query ? `?${query}` : ""),
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
        },
        deadline,
      ),
    );
  }

  async function call<T>(call: ServiceCall): Promise<ServiceReply<T>> {
    const what = `${service} ${call.method} ${call.path}`;
    const deadline = new CallDeadline(timeoutMs, call.opts?.signal);
    const started = Date.now();
    try {
      let token = tokens ? (tokens.current() ?? (await deadline.race(tokens.get()))) : undefined;
      let res = await send(call, token, deadline);
      if ((res.status === 401 || res.status === 403) && tokens && token) {
        log?.warn({ status: res.status, path: call.path, requestId: call.opts?.requestId }, `${service} rejected the token, refreshing it once`);
        token = await deadline.race(tokens.replace(token));
        res = await send(call, token, deadline);
      }
      if (rejectedIsRetryable && (res.status === 401 || res.status === 403)) {
        // Our credentials, not the request, are the problem: worth retrying later.
        const rejected = errorFromAnswer(what, res, make);
        throw make("retryable", `${rejected.message} (token rejected after a refresh)`, rejected.status, rejected.body);
      }
      if (!isExpected(call.expect, res.status)) throw errorFromAnswer(what, res, make);
      log?.debug({ method: call.method, path: call.path, status: res.status, ms: Date.now() - started, requestId: call.opts?.requestId }, `${service} call`);
      if (call.responseType === "text") return { status: res.status, body: res.text as T };
      if (res.text === "") return { status: res.status, body: undefined as T };
      try {
        return { status: res.status, body: JSON.parse(res.text) as T };
      } catch (err) {
        throw make("retryable", `${what} answered ${res.status} with a body that is not JSON`, res.status, res.text, { cause: err });
      }
    } catch (err) {
      throw errorFromThrown(what, err, deadline, timeoutMs, make);
    } finally {
      deadline.clear();
    }
  }

  return { service, timeoutMs, call, close: () => dispatcher.close() };
}
