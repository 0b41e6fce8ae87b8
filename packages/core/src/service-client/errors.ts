/**
 * What a failed call to another service means for the caller: `permanent` (the service said no:
 * a 4xx, never retry) or `retryable` (5xx, timeout, connection, an answer we cannot read).
 * `status` is the service's HTTP status when it answered; `body` its error body (parsed when JSON).
 */
export class ServiceError extends Error {
  /** The call's deadline passed before the service answered. */
  readonly timedOut: boolean;

  constructor(
    readonly kind: "permanent" | "retryable",
    message: string,
    readonly status?: number,
    readonly body?: unknown,
    opts?: { cause?: unknown; timedOut?: boolean },
  ) {
    super(message, opts);
    this.name = "ServiceError";
    this.timedOut = opts?.timedOut ?? false;
  }
}

/** Builds the error type a client throws (the composer client throws its own subclass). */
export type ServiceErrorFactory = (
  kind: ServiceError["kind"],
  message: string,
  status?: number,
  body?: unknown,
  opts?: { cause?: unknown; timedOut?: boolean },
) => ServiceError;

export const serviceError: ServiceErrorFactory = (kind, message, status, body, opts) => new ServiceError(kind, message, status, body, opts);
