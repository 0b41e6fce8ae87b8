import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type DbDeadlines, guardSql } from "./deadlines";
import * as schema from "./schema";

export type { DbDeadlines } from "./deadlines";

/** Used where a process sets none: generous, for tools and tests. */
export const defaultDbDeadlines: DbDeadlines = { connectMs: 10_000, acquireMs: 10_000, statementMs: 0, callMs: 60_000 };

/**
 * Seconds postgres.js waits before reconnecting after a failed connection: doubling from 50 ms,
 * at most 1 s (its own default grows to 20 s, so a pool came back long after PostgreSQL did).
 */
function reconnectBackoff(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything a query can run on: the pool or an open transaction. */
export type Executor = Database | Transaction;

export interface DbOptions {
  url: string;
  /** Pool size for this process. */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  idleTimeoutSeconds?: number;
  /** Deadlines of every call made through `db` and `ping` (defaults: `defaultDbDeadlines`). */
  deadlines?: Partial<DbDeadlines>;
}

export interface DbHandle {
  /** Every call bounded by the deadlines; failures to reach PostgreSQL throw DatabaseUnavailableError. */
  db: Database;
  /** The raw client, without deadlines: for tools (migrations, bench maintenance), not for requests. */
  sql: postgres.Sql;
  /** `select 1`, for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createDb(opts: DbOptions): DbHandle {
  const deadlines = { ...defaultDbDeadlines, ...opts.deadlines };
  const sql = postgres(opts.url, {
    max: opts.max ?? 10,
    idle_timeout: opts.idleTimeoutSeconds ?? 30,
    connect_timeout: deadlines.connectMs / 1_000,
    backoff: reconnectBackoff,
    onnotice: () => {},
    connection: {
      application_name: opts.applicationName,
      ...(deadlines.statementMs > 0 ? { statement_timeout: deadlines.statementMs } : {}),
    },
  });
  const guarded = guardSql(sql, deadlines);
  const db = drizzle({ client: guarded, schema });
  return {
    db,
    sql,
    async ping() {
      await guarded`select 1`;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The connection URL from DATABASE_URL or the libpq PG* variables. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const user = encodeURIComponent(env.PGUSER ?? "postgres");
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : "";
  const host = env.PGHOST ?? "127.0.0.1";
  const port = env.PGPORT ?? "5432";
  const database = encodeURIComponent(env.PGDATABASE ?? "imagebuilder");
  return `postgres://${user}${password}@${host}:${port}/${database}`;
}
