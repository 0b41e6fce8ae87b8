import { createDb, runMigrations } from "@ib/db";

/**
 * A fresh, migrated database for one bench stack: dropped first (with its connections), so
 * every run starts from the same state. Kept afterwards for inspection.
 */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = createDb({ url: `${serverUrl}/postgres`, max: 1, applicationName: "bench" });
  try {
    await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.close();
  }
  const url = `${serverUrl}/${name}`;
  await runMigrations(url);
  return url;
}
