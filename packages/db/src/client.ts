import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

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
}

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  /** `select 1`, for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createDb(opts: DbOptions): DbHandle {
  const sql = postgres(opts.url, {
    max: opts.max ?? 10,
    idle_timeout: opts.idleTimeoutSeconds ?? 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName },
  });
  const db = drizzle({ client: sql, schema });
  return {
    db,
    sql,
    async ping() {
      await sql`select 1`;
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
