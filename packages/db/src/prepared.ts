import type { Database } from "./client";

/**
 * A prepared statement per database handle, built on first use: hot queries skip drizzle's
 * query building and PostgreSQL's planning on every call after the first.
 */
export function preparedOnce<T>(build: (db: Database) => T): (db: Database) => T {
  const byDb = new WeakMap<Database, T>();
  return (db) => {
    let statement = byDb.get(db);
    if (statement === undefined) {
      statement = build(db);
      byDb.set(db, statement);
    }
    return statement;
  };
}
