import type { LoggerLike } from "../context";
import { createHttpService, serviceError } from "../service-client";
import type { RecommendationsAnswer, RecommendationsClient } from "./client";

export interface RecommendationsClientOptions {
  /** `RECOMMENDATIONS_URL`: the service's base; calls go to `<base>/packages/recommendations`. */
  baseUrl: string;
  /** `RECOMMENDATIONS_TOKEN_URL`; without it no `Authorization` header is sent. */
  tokenUrl?: string;
  /** `RECOMMENDATIONS_CLIENT_ID`, `RECOMMENDATIONS_CLIENT_SECRET`. */
  clientId?: string;
  clientSecret?: string;
  /** `RECOMMENDATIONS_PROXY`: an HTTP proxy every call goes through. */
  proxyUrl?: string;
  /** `RECOMMENDATIONS_CA_PATH`: PEM bundle to trust instead of the system store. */
  caPath?: string;
  timeoutMs: number;
  log?: LoggerLike;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/**
 * The answer as upstream decodes it: an object (or `null`) whose `packages` is a list of names
 * (or absent or `null`) and whose `modelVersion` is a string (or absent or `null`). Anything else
 * cannot be read.
 */
export function readRecommendations(body: unknown): RecommendationsAnswer {
  const unreadable = (why: string) => serviceError("retryable", `recommendations answered ${why}`, 200, body);
  if (body === null || body === undefined) return { packages: [] };
  if (typeof body !== "object" || Array.isArray(body)) throw unreadable("with a body that is not an object");
  const { packages, modelVersion } = body as Record<string, unknown>;
  if (packages !== undefined && packages !== null && !isStringList(packages)) throw unreadable("packages that are not a list of names");
  if (modelVersion !== undefined && modelVersion !== null && typeof modelVersion !== "string") {
    throw unreadable("a modelVersion that is not a string");
  }
  return { packages: packages ?? [], ...(typeof modelVersion === "string" && { modelVersion }) };
}

/**
 * recommendations on the shared HTTP base: an OAuth2 client-credentials token (refreshed once when
 * rejected, as upstream), the request id forwarded, the caller's identity not (upstream sends
 * none), an optional proxy and CA bundle, a deadline per call.
 */
export function createRecommendationsClient(options: RecommendationsClientOptions): RecommendationsClient {
  if (options.tokenUrl && (!options.clientId || !options.clientSecret)) {
    throw new Error("recommendations client: RECOMMENDATIONS_CLIENT_ID and RECOMMENDATIONS_CLIENT_SECRET are required with RECOMMENDATIONS_TOKEN_URL");
  }
  const http = createHttpService({
    service: "recommendations",
    baseUrl: options.baseUrl,
    caPath: options.caPath,
    caVariable: "RECOMMENDATIONS_CA_PATH",
    proxyUrl: options.proxyUrl,
    timeoutMs: options.timeoutMs,
    credentials: options.tokenUrl
      ? { tokenUrl: options.tokenUrl, clientId: options.clientId!, clientSecret: options.clientSecret! }
      : undefined,
    rejectedCredentials: "retryable",
    log: options.log,
  });
  return {
    async recommend(input, opts) {
      const reply = await http.call<unknown>({
        method: "POST",
        path: "/packages/recommendations",
        body: { packages: input.packages, recommendedPackages: input.recommendedPackages, distribution: input.distribution },
        expect: 200,
        opts: { requestId: opts.requestId, signal: opts.signal },
      });
      return readRecommendations(reply.body);
    },
    close: () => http.close(),
  };
}
