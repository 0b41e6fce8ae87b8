import type postgres from "postgres";
import type { Database } from "./client";
import { type DbDeadlines, guardedDeadlines, guardedTarget, guardSql } from "./deadlines";
import { classifyDatabaseError, DatabaseUnavailableError } from "./unavailable";

/** One pooled connection held by the caller: statements on it run in the order they are sent. */
export interface ReservedConnection {
  /** Statements under the pool's deadlines. */
  sql: postgres.Sql;
  /** The same connection without deadlines: for a statement that must run whenever the server answers. */
  unbounded: postgres.Sql;
  /** Gives the connection back to the pool; call once. */
  release(): void;
}

/**
 * Takes one connection of `db`'s pool, waiting at most its acquisition deadline (a connection
 * that comes later is given back at once). Used where a statement whose answer did not come in
 * time must be followed by another on the same connection, which the server runs after it.
 */
export async function reserveConnection(db: Database): Promise<ReservedConnection> {
  const client = (db as unknown as { $client: Record<symbol, unknown> }).$client;
  const raw = client[guardedTarget] as postgres.Sql | undefined;
  const deadlines = client[guardedDeadlines] as DbDeadlines | undefined;
  if (!raw || !deadlines) throw new Error("reserveConnection needs a database made by createDb");
  const pending = raw.reserve();
  let timer: NodeJS.Timeout | undefined;
  let reserved: postgres.ReservedSql;
  try {
    reserved = await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseUnavailableError("acquire", `no PostgreSQL connection within ${deadlines.acquireMs} ms`)), deadlines.acquireMs);
      }),
    ]);
  } catch (err) {
    pending.then((late) => late.release(), () => undefined);
    throw classifyDatabaseError(err);
  } finally {
    clearTimeout(timer);
  }
  let released = false;
  return {
    sql: guardSql(reserved, deadlines),
    unbounded: reserved,
    release() {
      if (released) return;
      released = true;
      reserved.release();
    },
  };
}
