import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Arbitrary constant: the advisory lock every migrator takes, so two never run at once. */
const MIGRATION_LOCK_KEY = 7_413_220_001;

/**
 * Creates the database when it is missing, then applies pending migrations under a
 * session advisory lock on a dedicated connection. Safe to run twice and concurrently.
 */
export async function runMigrations(url: string, folder = migrationsFolder): Promise<void> {
  await createDatabaseIfMissing(url);
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "migrate" } });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle({ client: sql }), { migrationsFolder: folder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length > 0) return;
    await sql.unsafe(`create database ${quoteIdent(name)}`).catch((err: { code?: string }) => {
      // 42P04: created by a concurrent migrator in the meantime.
      if (err.code !== "42P04" && err.code !== "23505") throw err;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
