/** Why PostgreSQL could not serve a call. */
export type UnavailableReason = "connect" | "acquire" | "deadline" | "connection" | "server";

/**
 * PostgreSQL is unreachable, stopped, frozen or too slow to answer within the call's deadline.
 * Nothing about the request was wrong: the caller may try again later (the API answers 503, the
 * worker runs the job again later without spending an attempt).
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** Socket errors of a connection that is gone or never came up. */
const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/**
 * PostgreSQL's own answers that mean "not now": connection exceptions (class 08), a server
 * shutting down or starting (57P01-57P03), too many connections (53300), and a statement
 * cancelled by `statement_timeout` (57014).
 */
function isUnavailableServerCode(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300" || code === "57014";
}

/** The error (or one of its causes, as drizzle wraps driver errors) as a DatabaseUnavailableError, if it is one. */
export function databaseUnavailable(err: unknown): DatabaseUnavailableError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    if (current instanceof DatabaseUnavailableError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return databaseUnavailable(err) !== undefined;
}

/** A driver error that means the database is unavailable, turned into the typed error; others unchanged. */
export function classifyDatabaseError(err: unknown): unknown {
  if (!err || typeof err !== "object" || err instanceof DatabaseUnavailableError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return err;
  const message = (err as Error).message ?? String(err);
  if (socketCodes.has(code)) {
    const reason = code === "CONNECT_TIMEOUT" || code === "ECONNREFUSED" ? "connect" : "connection";
    return new DatabaseUnavailableError(reason, `PostgreSQL unavailable: ${message}`, { cause: err });
  }
  if ((err as { name?: string }).name === "PostgresError" && isUnavailableServerCode(code)) {
    return new DatabaseUnavailableError("server", `PostgreSQL unavailable: ${message}`, { cause: err });
  }
  return err;
}
