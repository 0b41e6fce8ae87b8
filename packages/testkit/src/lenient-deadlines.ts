/**
 * Database deadlines for an API that feeds a test or a benchmark rather than being what it
 * measures: on a loaded machine the production deadlines (below 1 s) would fail its writes.
 */
export const lenientDatabaseDeadlines = {
  DB_CONNECT_TIMEOUT_MS: "10000",
  DB_ACQUIRE_TIMEOUT_MS: "10000",
  DB_STATEMENT_TIMEOUT_MS: "10000",
  DB_CALL_TIMEOUT_MS: "10000",
} as const;
