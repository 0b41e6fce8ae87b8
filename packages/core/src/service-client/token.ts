import type { Dispatcher } from "undici";
import type { LoggerLike } from "../context";
import { CallDeadline } from "./deadline";
import { type ServiceErrorFactory, serviceError } from "./errors";
import { exchange } from "./exchange";
import { errorFromAnswer, errorFromThrown } from "./failures";

export interface TokenSourceOptions {
  /** The service the token is for, as messages name it (`composer`). */
  service: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Refresh this long before the token expires (upstream: one minute). */
  refreshMarginMs: number;
  now: () => number;
  log?: LoggerLike;
  makeError?: ServiceErrorFactory;
}

/** Lifetime assumed when the token endpoint does not say (`expires_in` missing). */
const defaultLifetimeSeconds = 300;

/**
 * OAuth2 client-credentials token, cached and shared: concurrent callers wait for one in-flight
 * fetch; a token rejected by the service is replaced once however many calls saw it rejected.
 */
export class TokenSource {
  private cached?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;

  constructor(private readonly opts: TokenSourceOptions) {}

  /** The cached token while it is valid for at least the refresh margin, without waiting. */
  current(): string | undefined {
    const cached = this.cached;
    if (cached && cached.expiresAt - this.opts.refreshMarginMs > this.opts.now()) return cached.token;
    return undefined;
  }

  /** A token valid for at least the refresh margin. */
  get(): Promise<string> {
    const token = this.current();
    return token === undefined ? this.fetchShared() : Promise.resolve(token);
  }

  /** A token other than `rejected` (fetched unless someone already replaced it). */
  replace(rejected: string): Promise<string> {
    if (this.cached && this.cached.token !== rejected) return this.get();
    if (this.cached?.token === rejected) this.cached = undefined;
    return this.fetchShared();
  }

  private fetchShared(): Promise<string> {
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, timeoutMs } = this.opts;
    const url = new URL(tokenUrl);
    const deadline = new CallDeadline(timeoutMs);
    const what = `${this.opts.service} token endpoint`;
    const make = this.opts.makeError ?? serviceError;
    try {
      const answer = await exchange(
        this.opts.dispatcher,
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString(),
        },
        deadline,
      );
      if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(what, answer, make);
      const body = JSON.parse(answer.text) as { access_token?: unknown; expires_in?: unknown } | null;
      if (typeof body?.access_token !== "string" || body.access_token === "") {
        throw make("retryable", `${what} answered without an access_token`, answer.status);
      }
      const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : defaultLifetimeSeconds;
      this.cached = { token: body.access_token, expiresAt: this.opts.now() + lifetime * 1000 };
      this.opts.log?.debug({ expiresIn: lifetime }, `${this.opts.service} token fetched`);
      return body.access_token;
    } catch (err) {
      throw errorFromThrown(what, err, deadline, timeoutMs, make);
    } finally {
      deadline.clear();
    }
  }
}
