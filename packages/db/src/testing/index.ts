import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrationsFolder, quoteIdent, runMigrations } from "../migrate";
import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";

/** Server URL used by tests (no database part). */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432";
}

/** The template's name carries a hash of the migrations, so a changed migration makes a new one. */
export function templateDatabaseName(): string {
  const hash = createHash("sha256");
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith(".sql")) hash.update(readFileSync(`${migrationsFolder}/${f}`));
  }
  return `ib_template_${hash.digest("hex").slice(0, 12)}`;
}

/** Creates (once) the migrated template database; run from vitest's globalSetup. */
export async function prepareTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  await runMigrations(`${testServerUrl()}/${name}`);
  return name;
}

/**
 * A fresh database cloned from the migrated template, for one test file.
 * Returns its URL and a function that drops it.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = templateDatabaseName();
  const name = `ib_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  try {
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`);
        break;
      } catch (err) {
        if (attempt >= 50 || (err as { code?: string }).code !== "55006") throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    url: `${testServerUrl()}/${name}`,
    drop: async () => {
      const sql = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
export { startPrivatePostgres, type PrivatePostgres } from "./private-postgres";
