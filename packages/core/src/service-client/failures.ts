import { ServiceError, type ServiceErrorFactory, serviceError } from "./errors";

/** Statuses worth trying again later: the service or a proxy in front of it is unwell or busy. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

function readBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(body: unknown): string {
  if (body && typeof body === "object") {
    const { reason, details, error, error_description } = body as Record<string, unknown>;
    const text = [reason ?? error, details || error_description].filter((p) => typeof p === "string" && p !== "").join(": ");
    if (text) return text;
  }
  return typeof body === "string" ? body.slice(0, 300) : "";
}

/** Turns an unexpected answer into a typed error: 5xx/429/408 retryable, other statuses permanent. */
export function errorFromAnswer(
  what: string,
  answer: { status: number; text: string },
  make: ServiceErrorFactory = serviceError,
): ServiceError {
  const body = readBody(answer.text);
  const detail = describe(body);
  const message = `${what} answered ${answer.status}${detail ? `: ${detail}` : ""}`;
  return make(isRetryableStatus(answer.status) ? "retryable" : "permanent", message, answer.status, body);
}

/**
 * Turns a thrown HTTP failure into a typed retryable error: the call timed out, was cancelled
 * by the caller, or never reached the service (refused, reset, DNS, TLS).
 */
export function errorFromThrown(
  what: string,
  err: unknown,
  deadline: { timedOut: boolean; cancelled: boolean },
  timeoutMs: number,
  make: ServiceErrorFactory = serviceError,
): ServiceError {
  if (err instanceof ServiceError) return err;
  if (deadline.timedOut) return make("retryable", `${what} timed out after ${timeoutMs} ms`, undefined, undefined, { cause: err, timedOut: true });
  const name = (err as { name?: string } | undefined)?.name;
  if (deadline.cancelled || name === "AbortError") {
    return make("retryable", `${what} was cancelled`, undefined, undefined, { cause: err });
  }
  return make("retryable", `${what} failed: ${describeThrown(err)}`, undefined, undefined, { cause: err });
}

/** A connection failure in a few words: its message, with its code when the message lacks it. */
function describeThrown(err: unknown): string {
  const { code, message, cause } = (err ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const text = typeof message === "string" && message !== "" ? message : String(err);
  const errCode = typeof code === "string" ? code : typeof cause?.code === "string" ? cause.code : undefined;
  if (!errCode || text.includes(errCode)) return text;
  return `${errCode}: ${text}`;
}
