import type { Database } from "./client";

const cache = new WeakMap<Database, Map<string, unknown>>();

/**
 * A statement built once per database handle and reused: the hot path of the worker runs the
 * same few statements thousands of times a second, so they go through postgres.js's
 * named-statement cache (parsed and planned once per connection) instead of being rebuilt.
 */
export function preparedFor<T>(db: Database, key: string, build: () => T): T {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build();
    statements.set(key, statement);
  }
  return statement;
}
