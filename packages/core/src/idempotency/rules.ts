/** How long a key is remembered: a retry with it within this time is answered from the first request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/**
 * How long a key stays `in_progress` before another request with it may take it over: longer
 * than any request runs (database deadlines under a second, console-service calls of
 * CONSOLE_SERVICES_TIMEOUT_MS each), so only a request whose process died mid-way is overtaken.
 */
export const IDEMPOTENCY_IN_PROGRESS_LEASE_MS = 120_000;

/** Longest key accepted (the draft sets none; a UUID is 36 characters). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
