import { randomUUID } from "node:crypto";
import { blueprints, blueprintVersions, composes, createDb, eq, sql, type ComposeRow, type DbHandle } from "@ib/db";
import { createTestDatabase } from "@ib/db/testing";
import { v7 as uuidv7 } from "uuid";

export interface ComposeBuildTestDb {
  handle: DbHandle;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<ComposeBuildTestDb> {
  const database = await createTestDatabase();
  const handle = createDb({ url: database.url, max: 20, applicationName: "compose-build-test" });
  return {
    handle,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

export const sampleRequest = {
  distribution: "rhel-9",
  client_id: "api",
  image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
};

/** Inserts a compose as the API would, then applies `overrides` directly. */
export async function insertCompose(
  handle: DbHandle,
  overrides: Partial<typeof composes.$inferInsert> & { ageMs?: number; idleMs?: number } = {},
): Promise<string> {
  const { ageMs, idleMs, ...row } = overrides;
  // Ids are UUIDv7 of the creation time, as the API makes them.
  const id = row.id ?? uuidv7({ msecs: Date.now() - (ageMs ?? 0) });
  await handle.db.insert(composes).values({ id, orgId: "000000", request: sampleRequest, status: "pending", ...row });
  if (ageMs !== undefined) {
    await handle.db
      .update(composes)
      .set({ createdAt: sql`now() - (${ageMs}::bigint * interval '1 millisecond')` })
      .where(eq(composes.id, id));
  }
  if (idleMs !== undefined) {
    await handle.db
      .update(composes)
      .set({ updatedAt: sql`now() - (${idleMs}::bigint * interval '1 millisecond')` })
      .where(eq(composes.id, id));
  }
  return id;
}

export async function insertBlueprintVersion(handle: DbHandle): Promise<{ blueprintId: string; versionId: string }> {
  const blueprintId = randomUUID();
  const versionId = randomUUID();
  await handle.db.insert(blueprints).values({ id: blueprintId, orgId: "000000", name: `bp-${blueprintId.slice(0, 8)}` });
  await handle.db.insert(blueprintVersions).values({ id: versionId, blueprintId, version: 1, body: { customizations: {} } });
  return { blueprintId, versionId };
}

export async function readCompose(handle: DbHandle, id: string): Promise<ComposeRow | undefined> {
  const [row] = await handle.db.select().from(composes).where(eq(composes.id, id));
  return row;
}
