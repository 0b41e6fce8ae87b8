import { databaseUnavailable, reserveConnection, type Database, type NewComposeRow } from "@ib/db";
import type { QuotaLimit } from "../context";

export type ComposeInsert = Required<
  Pick<NewComposeRow, "id" | "orgId" | "accountNumber" | "email" | "clientId" | "request" | "resolved" | "imageName" | "blueprintVersionId">
>;

const columns = ["id", "org_id", "account_number", "email", "client_id", "request", "resolved", "image_name", "blueprint_version_id"];

/**
 * Inserts a pending compose, within the org's quota when there is one, in ONE statement (one
 * round trip, its own transaction): `quota_slot_free` takes the org's advisory lock and counts
 * the window on a snapshot taken after the lock, so N concurrent inserts against a quota of Q
 * admit exactly Q. Returns false when the quota is used up.
 *
 * When its answer does not come within the deadline (PostgreSQL frozen or starved: the client
 * is told 503), the statement may still run on the server afterwards. Its undo is then sent on
 * the same connection, which the server runs after it, whenever it answers: a compose whose
 * client got a 503 is never left stored (without its job) for the client's retry to build twice.
 */
export async function insertCompose(db: Database, row: ComposeInsert, limit: QuotaLimit | null): Promise<boolean> {
  const connection = await reserveConnection(db);
  let undoing = false;
  try {
    const request = JSON.stringify(row.request);
    const resolved = row.resolved === null ? null : JSON.stringify(row.resolved);
    const { sql } = connection;
    // One statement either way; the quota's when there is one (a nested fragment would not pass the deadline guard).
    const inserted = limit
      ? await sql`insert into composes (${sql(columns)})
          select ${row.id}::uuid, ${row.orgId}, ${row.accountNumber}, ${row.email}, ${row.clientId},
                 ${request}::jsonb, ${resolved}::jsonb, ${row.imageName}, ${row.blueprintVersionId}::uuid
           where quota_slot_free(${row.orgId}, ${limit.quota}::int, ${limit.windowMs}::double precision)
          returning id`
      : await sql`insert into composes (${sql(columns)})
          values (${row.id}::uuid, ${row.orgId}, ${row.accountNumber}, ${row.email}, ${row.clientId},
                  ${request}::jsonb, ${resolved}::jsonb, ${row.imageName}, ${row.blueprintVersionId}::uuid)
          returning id`;
    return inserted.length === 1;
  } catch (err) {
    if (databaseUnavailable(err)?.reason === "deadline") {
      undoing = true;
      connection.unbounded`delete from composes where id = ${row.id}::uuid and composer_id is null`.then(connection.release, connection.release);
    }
    throw err;
  } finally {
    if (!undoing) connection.release();
  }
}
