import { ComposerError } from "@ib/core/composer";
import { composeFailureIds, type ComposeError } from "@ib/core/compose-build";

/**
 * What a failed `POST /compose` tells us about composer's side, and so what the worker does.
 * The rule: a build composer accepted is never submitted twice when we know it accepted it.
 *
 * | outcome of the POST                                  | did composer create a compose? | worker does                                   |
 * |------------------------------------------------------|--------------------------------|-----------------------------------------------|
 * | 2xx with a compose id                                | yes                            | records the id, follows the build (no error)  |
 * | 2xx whose body is not JSON, or has no id             | yes, under an id we cannot read| fails the compose (1106), never posts again   |
 * | 2xx other than 201 (200, 202...)                     | yes, by the 2xx                | same as above                                 |
 * | 4xx except 401/403/408/429                           | no (validation comes first)    | fails the compose with composer's error       |
 * | 401/403 after one token refresh                      | no (auth comes first)          | releases the claim, retries later             |
 * | 408, 429                                             | no (refused before the work)   | releases the claim, retries later             |
 * | 500, 503 and other 5xx from composer itself          | no (composer errors before it stores the compose) | releases the claim, retries later |
 * | 502, 504 (a gateway's answer)                        | maybe: composer may have stored it and the answer got lost | keeps the lease, retries after it |
 * | connection refused, DNS failure, host unreachable    | no: the request never left     | releases the claim, retries later             |
 * | timeout (no answer within COMPOSER_TIMEOUT_MS)       | maybe: it may be sent and processed | keeps the lease, retries after it        |
 * | reset / socket closed after sending, TLS error       | maybe                          | keeps the lease, retries after it             |
 * | cancelled by the worker (shutdown)                   | maybe                          | keeps the lease, retries after it             |
 *
 * Composer has no idempotency key, so a retry after a "maybe" can make a second composer job;
 * waiting out the lease keeps it to one claimant, and only the first recorded id is followed
 * (a later one is counted as `orphaned`). Failing every "maybe" instead would turn each
 * network blip into a failed build: the retry is the lesser evil there, and the only case
 * where composer certainly holds the work (a 2xx) never posts again.
 */
export type SubmissionFailure =
  /** Composer answered 2xx (it accepted the work) but the answer cannot be used. */
  | { kind: "accepted_unreadable"; status: number }
  /** Composer refused the request itself: no retry will do better. */
  | { kind: "rejected"; error: ComposerError }
  /** Nothing was created: the claim can be released and the retry need not wait. */
  | { kind: "not_created"; reason: RetryReason }
  /** Composer may hold it: keep the lease so nobody posts until it ends. */
  | { kind: "maybe_created"; reason: RetryReason };

/** Reason class of a submission retry: a closed set, used as a metric label. */
export type RetryReason = "server_error" | "gateway" | "throttled" | "unauthorized" | "refused" | "timeout" | "connection" | "cancelled";

/** Connection errors that prove the request never reached composer. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Answers a gateway gives when composer did not answer in time: composer may have stored the compose. */
const gatewayStatuses = new Set([502, 504]);

/** The `code` and `name` of every cause under `err`, outermost first. */
function causeMarks(err: Error): string[] {
  const marks: string[] = [];
  let cause: unknown = err.cause;
  for (let depth = 0; cause && depth < 4; depth++) {
    const { code, name } = cause as { code?: unknown; name?: unknown };
    if (typeof code === "string") marks.push(code);
    if (typeof name === "string") marks.push(name);
    cause = (cause as { cause?: unknown }).cause;
  }
  return marks;
}

/** Classifies a failed submission by the table above. Anything not from the composer client is a "maybe". */
export function classifySubmissionFailure(err: unknown): SubmissionFailure {
  if (!(err instanceof ComposerError)) return { kind: "maybe_created", reason: "connection" };
  const { status } = err;
  if (status !== undefined) {
    if (status >= 200 && status < 300) return { kind: "accepted_unreadable", status };
    if (gatewayStatuses.has(status)) return { kind: "maybe_created", reason: "gateway" };
    if (status === 401 || status === 403) return { kind: "not_created", reason: "unauthorized" };
    if (status === 408 || status === 429) return { kind: "not_created", reason: "throttled" };
    if (status >= 500) return { kind: "not_created", reason: "server_error" };
    if (err.kind === "permanent") return { kind: "rejected", error: err };
    return { kind: "not_created", reason: "server_error" };
  }
  const marks = causeMarks(err);
  if (marks.some((mark) => neverSentCodes.has(mark))) return { kind: "not_created", reason: "refused" };
  // The call's deadline and the caller's cancellation stop it with these DOMException names.
  if (marks.includes("TimeoutError")) return { kind: "maybe_created", reason: "timeout" };
  if (marks.includes("AbortError")) return { kind: "maybe_created", reason: "cancelled" };
  return { kind: "maybe_created", reason: "connection" };
}

/** The compose's error when composer accepted it but its answer cannot be read. */
export function unreadableAcceptanceError(status: number, err: unknown): ComposeError {
  return {
    id: composeFailureIds.acceptedUnreadable,
    reason:
      `Composer accepted the compose (HTTP ${status}) but its answer could not be read, so the build cannot be followed; ` +
      "it is not submitted again, which would build it twice",
    details: (err as Error).message,
  };
}

/** Composer's refusal of a submission as the compose's error: its own id and reason when it sent them. */
export function rejectionError(err: ComposerError): ComposeError {
  const body = err.body && typeof err.body === "object" ? (err.body as Record<string, unknown>) : undefined;
  const rawId = body?.id;
  const id = typeof rawId === "number" ? rawId : typeof rawId === "string" && /^\d+$/.test(rawId) ? Number(rawId) : composeFailureIds.submitRejected;
  const reason = typeof body?.reason === "string" && body.reason !== "" ? body.reason : err.message;
  const details = body?.details;
  return details === undefined || details === "" ? { id, reason } : { id, reason, details };
}
