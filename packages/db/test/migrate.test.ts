import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder, quoteIdent, runMigrations } from "../src/migrate";
import { testServerUrl } from "../src/testing";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const migrationCount = readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).length;
const created: string[] = [];

function freshDatabase(): string {
  const name = `ib_migrate_${randomBytes(5).toString("hex")}`;
  created.push(name);
  return name;
}

async function applied(name: string): Promise<{ migrations: number; tables: string[] }> {
  const sql = postgres(`${testServerUrl()}/${name}`, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const tables = await sql`select tablename from pg_tables where schemaname = 'public' order by 1`;
    return { migrations: row!.n as number, tables: tables.map((t) => t.tablename as string) };
  } finally {
    await sql.end();
  }
}

afterAll(async () => {
  const sql = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  for (const name of created) await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
  await sql.end();
});

describe("migrations", () => {
  it("create the database, apply every migration once, and change nothing when run again", async () => {
    const name = freshDatabase();
    await runMigrations(`${testServerUrl()}/${name}`);
    await runMigrations(`${testServerUrl()}/${name}`);
    expect(await applied(name)).toEqual({
      migrations: migrationCount,
      tables: ["blueprint_versions", "blueprints", "composes", "idempotency_keys"],
    });
  });

  it("are safe from several migrators at once, in one process", async () => {
    const name = freshDatabase();
    await Promise.all(Array.from({ length: 4 }, () => runMigrations(`${testServerUrl()}/${name}`)));
    expect((await applied(name)).migrations).toBe(migrationCount);
  });

  it("are safe from two migrate processes started together on a database that does not exist yet", async () => {
    const name = freshDatabase();
    const env = { ...process.env, DATABASE_URL: `${testServerUrl()}/${name}` };
    const both = await Promise.all(
      [1, 2].map(() => run(process.execPath, ["--import", "tsx", "src/migrate-cli.ts"], { cwd: packageDir, env })),
    );
    for (const { stdout } of both) expect(stdout).toContain("migrations applied");
    expect((await applied(name)).migrations).toBe(migrationCount);
  });
});
