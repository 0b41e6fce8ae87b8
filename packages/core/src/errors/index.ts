/**
 * Domain errors: the closed set of failures core verbs report. The API maps each code to an
 * HTTP status in one place; the worker maps them to retry decisions.
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  QUOTA_EXCEEDED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One entry of the upstream error list: `{"title", "detail"}`. */
export interface ErrorItem {
  title: string;
  detail: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  /** Extra items (blueprint rule violations are returned together). */
  readonly items?: ErrorItem[];

  constructor(code: ErrorCode, detail: string, opts: { items?: ErrorItem[]; cause?: unknown } = {}) {
    super(detail, { cause: opts.cause });
    this.name = "DomainError";
    this.code = code;
    this.detail = detail;
    this.items = opts.items;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const badRequest = (detail: string) => new DomainError("BAD_REQUEST", detail);
export const forbidden = (detail: string) => new DomainError("FORBIDDEN", detail);
export const notFound = (detail: string) => new DomainError("NOT_FOUND", detail);
export const conflict = (detail: string) => new DomainError("CONFLICT", detail);

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** PostgreSQL unreachable, stopped, frozen or past a call's deadline: the API answers 503, the worker runs the job again later. */
export { DatabaseUnavailableError, databaseUnavailable, isDatabaseUnavailable } from "@ib/db";
