import { sql, type Database } from "@ib/db";
import { IDEMPOTENCY_KEY_TTL_MS } from "./rules";

/**
 * Removes up to `limit` idempotency keys older than their 24 hours (oldest first, by the
 * `created_at` index). Returns how many it removed; call again while it returns `limit`.
 */
export async function deleteExpiredIdempotencyKeys(db: Database, input: { limit: number }): Promise<number> {
  const rows = await db.execute<{ key: string }>(sql`
    delete from idempotency_keys
    where (org_id, key) in (
      select org_id, key from idempotency_keys
      where created_at < now() - ${IDEMPOTENCY_KEY_TTL_MS}::double precision * interval '1 millisecond'
      order by created_at
      limit ${input.limit}
      for update skip locked
    )
    returning key`);
  return rows.length;
}
