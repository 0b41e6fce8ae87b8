import { composes, sql, type Database, type NewComposeRow } from "@ib/db";
import type { QuotaLimit } from "../context";

export type ComposeInsert = Required<
  Pick<NewComposeRow, "id" | "orgId" | "accountNumber" | "email" | "clientId" | "request" | "resolved" | "imageName" | "blueprintVersionId">
>;

/**
 * Inserts a pending compose, within the org's quota when there is one, in ONE statement (one
 * round trip, its own transaction): `quota_slot_free` takes the org's advisory lock and counts
 * the window on a snapshot taken after the lock, so N concurrent inserts against a quota of Q
 * admit exactly Q. Returns false when the quota is used up.
 */
export async function insertCompose(db: Database, row: ComposeInsert, limit: QuotaLimit | null): Promise<boolean> {
  if (!limit) {
    await db.insert(composes).values({ ...row, status: "pending" });
    return true;
  }
  const inserted = await db.execute(sql`
    insert into ${composes} (id, org_id, account_number, email, client_id, request, resolved, image_name, blueprint_version_id)
    select ${row.id}::uuid, ${row.orgId}, ${row.accountNumber}, ${row.email}, ${row.clientId},
           ${JSON.stringify(row.request)}::jsonb, ${row.resolved === null ? null : JSON.stringify(row.resolved)}::jsonb,
           ${row.imageName}, ${row.blueprintVersionId}::uuid
     where quota_slot_free(${row.orgId}, ${limit.quota}::int, ${limit.windowMs}::double precision)
    returning id`);
  return inserted.length === 1;
}
