import { ComposerError } from "@ib/core/composer";
import { composeFailureIds, type ComposeError } from "@ib/core/compose-build";

/** Connection errors that prove the request never reached composer. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Answers a gateway gives when composer did not answer in time: composer may have stored the compose. */
const gatewayStatuses = new Set([502, 504]);

/**
 * True when composer certainly did not create a compose for a failed POST: composer itself
 * answered with an error (it raises them before storing anything), or the connection was never
 * made. A gateway's 502/504, a timeout or a reset after sending are ambiguous: composer may have
 * accepted it, and a retry may make a duplicate.
 */
export function submissionCertainlyRejected(err: unknown): boolean {
  if (!(err instanceof ComposerError)) return false;
  if (err.status !== undefined) return !gatewayStatuses.has(err.status);
  let cause: unknown = err.cause;
  for (let depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && neverSentCodes.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
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
